import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../platform/i18n/index.js';
import { idOf, type FormValues } from '../platform/forms.js';
import type { FieldErrors } from '../platform/layout/forms.js';
import { participantOfRequest } from '../registration/tokens.js';
import { SECTORS } from '../registration/form.js';
import { leaveDirectory, ownProfile, parseProfileForm, saveProfile, shownOf } from './profile.js';
import { directoryChoices, directoryMembers, isVisibleMember, memberCard, metAtWorkshops } from './queries.js';
import { DirectoryPage, MemberPage, NotMemberPage, ProfilePage } from './views.js';

/**
 * The leaders' directory (issue 10), in the participant's space: only leaders signed in and in
 * the directory themselves see it; a profile shows only what its owner ticked; leaving hides it at
 * once. Anyone else gets the sign-in link page, or a 404 for a profile (never a hint it exists).
 */
export const networkRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;

  /** The signed-in leader and their territory, or a redirect to the sign-in link page. */
  const leader = async (request: FastifyRequest, reply: FastifyReply) => {
    const participantId = await participantOfRequest(request);
    if (participantId === null) {
      await reply.redirect('/mes-inscriptions/lien', 303);
      return null;
    }
    const person = await db.selectFrom('participants').select('territory_id').where('id', '=', participantId).where('anonymised_at', 'is', null).executeTakeFirst();
    if (!person) {
      await reply.redirect('/mes-inscriptions/lien', 303);
      return null;
    }
    return { participantId, territoryId: person.territory_id };
  };
  const themesOf = async (territoryId: number) => (await directoryChoices(db, territoryId)).themes;

  const showProfile = async (reply: FastifyReply, who: { participantId: number; territoryId: number }, values: FormValues, lists: { shown: string[]; interests: string[] }, errors: FieldErrors, notice?: string) => {
    const own = await ownProfile(db, who.participantId);
    const member = own && own.left_at === null ? { joinedAt: own.joined_at } : null;
    return reply.page(t('network.profile.title'), <ProfilePage csrf={reply.generateCsrf()} values={values} lists={lists} errors={errors} themes={await themesOf(who.territoryId)} member={member} hidden={!!own?.hidden_at} />, {
      status: Object.keys(errors).length ? 400 : 200,
      notice,
    });
  };

  app.get('/reseau', async (request, reply) => {
    const who = await leader(request, reply);
    if (!who) return reply;
    if (!(await isVisibleMember(db, who.participantId))) return reply.page(t('network.title'), <NotMemberPage />);
    const q = request.query as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const choices = await directoryChoices(db, who.territoryId);
    // only known values reach the query; anything else is dropped, as in the other filters
    const query = {
      secteur: (SECTORS as string[]).includes(str(q.secteur)) ? str(q.secteur) : '',
      commune: choices.communes.some((c) => c.code === str(q.commune)) ? str(q.commune) : '',
      sujet: choices.themes.includes(str(q.sujet)) ? str(q.sujet) : '',
    };
    const page = idOf(str(q.page)) ?? 1;
    const list = await directoryMembers(db, who.territoryId, who.participantId, { sector: query.secteur || null, commune: query.commune || null, interest: query.sujet || null, page });
    const met = await metAtWorkshops(db, who.territoryId, who.participantId);
    const notice = q.bienvenue ? t('network.joined') : undefined;
    return reply.page(t('network.title'), <DirectoryPage list={list} choices={choices} query={query} met={met} />, { notice });
  });

  app.get<{ Params: { id: string } }>('/reseau/membres/:id', async (request, reply) => {
    const who = await leader(request, reply);
    if (!who) return reply;
    const id = idOf(request.params.id);
    const visible = await isVisibleMember(db, who.participantId);
    const card = visible && id !== null ? await memberCard(db, who.territoryId, id) : null;
    if (!card) return reply.callNotFound();
    return reply.page(card.name ?? t('network.member.title'), <MemberPage m={card} />);
  });

  app.get('/reseau/profil', async (request, reply) => {
    const who = await leader(request, reply);
    if (!who) return reply;
    const own = await ownProfile(db, who.participantId);
    const q = request.query as Record<string, unknown>;
    const notice = q.enregistre ? t('network.saved') : q.quitte ? t('network.left') : undefined;
    if (!own || own.left_at !== null) return showProfile(reply, who, {}, { shown: [], interests: [] }, {}, notice);
    const values = { website: own.website ?? '', looking_for: own.looking_for ?? '', offering: own.offering ?? '', consent: '1' };
    return showProfile(reply, who, values, { shown: shownOf(own), interests: JSON.parse(own.interests) as string[] }, {}, notice);
  });

  app.post('/reseau/profil', async (request, reply) => {
    const who = await leader(request, reply);
    if (!who) return reply;
    const form = parseProfileForm(request.body, await themesOf(who.territoryId));
    if (!form.ok) return showProfile(reply, who, form.values, form.lists, form.errors);
    const before = await ownProfile(db, who.participantId);
    await saveProfile(db, who.participantId, form.data);
    const joined = !before || before.left_at !== null;
    return reply.redirect(joined ? '/reseau?bienvenue=1' : '/reseau/profil?enregistre=1', 303);
  });

  app.post('/reseau/quitter', async (request, reply) => {
    const who = await leader(request, reply);
    if (!who) return reply;
    await leaveDirectory(db, who.participantId);
    return reply.redirect('/reseau/profil?quitte=1', 303);
  });
};
