import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { auditAccess } from '../platform/audit.js';
import { t } from '../platform/i18n/index.js';
import { formValues, idOf, type FormValues } from '../platform/forms.js';
import type { FieldErrors } from '../platform/layout/forms.js';
import { participantOfRequest } from '../registration/tokens.js';
import { SECTORS } from '../registration/form.js';
import { leaveDirectory, ownProfile, parseProfileForm, saveProfile, shownOf } from './profile.js';
import { directoryChoices, directoryMembers, isVisibleMember, memberCard, memberCards, metAtWorkshops, type MemberCard } from './queries.js';
import { blockMember, conversationsOf, hasBlocked, readConversation, replyInConversation, sendToMember, unblockMember } from './messages.js';
import { dismissReport, hideContent, moderationBoard, reportContent, supportProject } from './moderation.js';
import { ModerationPage } from './moderation-views.js';
import { requirePlanner } from '../planning/ui.js';
import { openProjectConversation, openProjects, parseProjectForm, proposeProject, readProject, setInterest } from './projects.js';
import { ProjectFormPage, ProjectPage, ProjectsPage } from './project-views.js';
import { ConversationPage, ConversationsPage, DirectoryPage, MemberPage, NotMemberPage, ProfilePage } from './views.js';

/**
 * The leaders' directory (issue 10), in the participant's space: only leaders signed in and in
 * the directory themselves see it; a profile shows only what its owner ticked; leaving hides it at
 * once. Anyone else gets the sign-in link page, or a 404 for a profile (never a hint it exists).
 */
export const networkRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;
  const config = app.deps.config;
  const formLimit = { rateLimit: { max: config.formRateLimit, timeWindow: '1 minute' } };

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

  /** A member seen by a visible member (never themselves), or null: the caller answers 404. */
  const visibleCard = async (who: { participantId: number; territoryId: number }, raw: string) => {
    const id = idOf(raw);
    if (id === null || id === who.participantId || !(await isVisibleMember(db, who.participantId))) return null;
    return memberCard(db, who.territoryId, id);
  };
  const showMember = async (reply: FastifyReply, who: { participantId: number }, card: MemberCard, values: FormValues = {}, errors: FieldErrors = {}, notice?: string) =>
    reply.page(card.name ?? t('network.member.title'), <MemberPage m={card} csrf={reply.generateCsrf()} blocked={await hasBlocked(db, who.participantId, card.id)} values={values} errors={errors} />, {
      status: Object.keys(errors).length ? 400 : 200,
      notice,
    });
  const relay = (territory: { programme_name: string | null; base_url: string } | null) => ({ baseUrl: territory?.base_url ?? config.baseUrl, programmeName: territory?.programme_name ?? t('app.name') });

  app.get<{ Params: { id: string } }>('/reseau/membres/:id', async (request, reply) => {
    const who = await leader(request, reply);
    if (!who) return reply;
    const card = await visibleCard(who, request.params.id);
    if (!card) return reply.callNotFound();
    const q = request.query as Record<string, unknown>;
    const notice = q.bloque ? t('network.blocked') : q.debloque ? t('network.unblocked') : q.signale ? t('network.report.sent') : undefined;
    return showMember(reply, who, card, {}, {}, notice);
  });

  app.post<{ Params: { id: string } }>('/reseau/membres/:id/message', { config: formLimit }, async (request, reply) => {
    const who = await leader(request, reply);
    if (!who) return reply;
    const card = await visibleCard(who, request.params.id);
    if (!card) return reply.callNotFound();
    const values = formValues(request.body);
    const result = await sendToMember(db, relay(await request.territory()), { senderId: who.participantId, recipientId: card.id, body: values.message ?? '' });
    if (!result.ok) return showMember(reply, who, card, values, { message: t(`network.error.${result.reason}`) });
    return reply.redirect(`/reseau/conversations/${result.conversationId}?envoye=1`, 303);
  });

  for (const [action, block] of [['bloquer', true], ['debloquer', false]] as const) {
    app.post<{ Params: { id: string } }>(`/reseau/membres/:id/${action}`, { config: formLimit }, async (request, reply) => {
      const who = await leader(request, reply);
      if (!who) return reply;
      const card = await visibleCard(who, request.params.id);
      if (!card) return reply.callNotFound();
      await (block ? blockMember(db, who.participantId, card.id) : unblockMember(db, who.participantId, card.id));
      return reply.redirect(`/reseau/membres/${card.id}?${block ? 'bloque' : 'debloque'}=1`, 303);
    });
  }

  app.post('/reseau/signaler', { config: formLimit }, async (request, reply) => {
    const who = await leader(request, reply);
    if (!who) return reply;
    const values = formValues(request.body);
    const kind = (['profile', 'message', 'project'] as const).find((k) => k === values.kind);
    const targetId = idOf(values.id);
    if (!kind || targetId === null) return reply.callNotFound();
    const reason = (values[`raison-${kind}-${targetId}`] ?? '').trim();
    const back = await backOf(who, kind, targetId);
    if (!back) return reply.callNotFound();
    if (!reason || reason.length > 500) {
      if (kind === 'profile') {
        const card = await visibleCard(who, String(targetId));
        if (card) return showMember(reply, who, card, { reason }, { reason: t('network.error.reason') });
      }
      return reply.redirect(`${back}?signalement=vide`, 303);
    }
    const ok = await reportContent(db, who.participantId, { kind, targetId, reason });
    if (!ok) return reply.callNotFound();
    return reply.redirect(`${back}${back.includes('?') ? '&' : '?'}signale=1`, 303);
  });

  /** Where to go back to after a report: the profile, the message's conversation or the project. */
  const backOf = async (who: { participantId: number }, kind: 'profile' | 'message' | 'project', id: number): Promise<string | null> => {
    if (kind === 'profile') return `/reseau/membres/${id}`;
    if (kind === 'project') return `/reseau/projets/${id}`;
    const m = await db
      .selectFrom('network_messages as m')
      .innerJoin('network_members as me', (j) => j.onRef('me.conversation_id', '=', 'm.conversation_id').on('me.participant_id', '=', who.participantId))
      .select('m.conversation_id')
      .where('m.id', '=', id)
      .executeTakeFirst();
    return m ? `/reseau/conversations/${m.conversation_id}` : null;
  };

  app.get('/reseau/conversations', async (request, reply) => {
    const who = await leader(request, reply);
    if (!who) return reply;
    // two queries whatever the number of conversations: their members, then the members' cards
    const conversations = await conversationsOf(db, who.participantId);
    const members = conversations.length ? await db.selectFrom('network_members').select(['conversation_id', 'participant_id']).where('conversation_id', 'in', conversations.map((c) => c.id)).where('participant_id', '!=', who.participantId).execute() : [];
    const cards = await memberCards(db, who.territoryId, members.map((m) => m.participant_id));
    const rows = conversations.map((c) => ({
      id: c.id,
      last_at: c.last_at,
      names: members
        .filter((m) => m.conversation_id === c.id)
        .map((m) => { const card = cards.get(m.participant_id); return card?.name ?? card?.company ?? t('network.conversation.left_member'); })
        .join(', '),
    }));
    return reply.page(t('network.conversations.title'), <ConversationsPage rows={rows} />);
  });

  const showConversation = async (request: FastifyRequest, reply: FastifyReply, who: { participantId: number; territoryId: number }, values: FormValues = {}, errors: FieldErrors = {}) => {
    const id = idOf((request.params as { id?: string }).id);
    const view = id === null ? null : await readConversation(db, who.territoryId, who.participantId, id);
    if (!view) return reply.callNotFound();
    const q = request.query as Record<string, unknown>;
    const notice = q.envoye ? t('network.write.sent') : q.signale ? t('network.report.sent') : q.signalement ? t('network.error.reason') : undefined;
    return reply.page(t('network.conversation.title'), <ConversationPage c={view} csrf={reply.generateCsrf()} values={values} errors={errors} />, { status: Object.keys(errors).length ? 400 : 200, notice });
  };

  app.get<{ Params: { id: string } }>('/reseau/conversations/:id', async (request, reply) => {
    const who = await leader(request, reply);
    if (!who) return reply;
    return showConversation(request, reply, who);
  });

  app.post<{ Params: { id: string } }>('/reseau/conversations/:id', { config: formLimit }, async (request, reply) => {
    const who = await leader(request, reply);
    if (!who) return reply;
    const id = idOf(request.params.id);
    if (id === null) return reply.callNotFound();
    const values = formValues(request.body);
    const result = await replyInConversation(db, relay(await request.territory()), { senderId: who.participantId, conversationId: id, body: values.message ?? '' });
    if (!result.ok) {
      if (result.reason === 'unknown') return reply.callNotFound();
      return showConversation(request, reply, who, values, { message: t(`network.error.${result.reason}`) });
    }
    return reply.redirect(`/reseau/conversations/${id}?envoye=1`, 303);
  });

  // Common projects: members only (the same 404 for anyone else, and for a hidden project)
  const member = async (request: FastifyRequest, reply: FastifyReply) => {
    const who = await leader(request, reply);
    if (!who) return null;
    if (!(await isVisibleMember(db, who.participantId))) {
      await reply.callNotFound();
      return null;
    }
    return who;
  };
  const communesOf = (territoryId: number) => db.selectFrom('communes').select(['insee_code as code', 'name']).where('territory_id', '=', territoryId).orderBy('name').execute();

  app.get('/reseau/projets', async (request, reply) => {
    const who = await member(request, reply);
    if (!who) return reply;
    return reply.page(t('network.projects.title'), <ProjectsPage rows={await openProjects(db, who.territoryId)} />);
  });

  app.get('/reseau/projets/nouveau', async (request, reply) => {
    const who = await member(request, reply);
    if (!who) return reply;
    return reply.page(t('network.projects.new'), <ProjectFormPage csrf={reply.generateCsrf()} values={{}} sectors={[]} errors={{}} communes={await communesOf(who.territoryId)} />);
  });

  app.post('/reseau/projets/nouveau', { config: formLimit }, async (request, reply) => {
    const who = await member(request, reply);
    if (!who) return reply;
    const communes = await communesOf(who.territoryId);
    const form = parseProjectForm(request.body, communes.map((c) => c.code));
    if (!form.ok) return reply.page(t('network.projects.new'), <ProjectFormPage csrf={reply.generateCsrf()} values={form.values} sectors={form.sectors} errors={form.errors} communes={communes} />, { status: 400 });
    const id = await proposeProject(db, who.participantId, form.data);
    if (id === null) return reply.callNotFound();
    return reply.redirect(`/reseau/projets/${id}`, 303);
  });

  const showProject = async (request: FastifyRequest, reply: FastifyReply, who: { participantId: number; territoryId: number }, values: FormValues = {}, errors: FieldErrors = {}) => {
    const id = idOf((request.params as { id?: string }).id);
    const project = id === null ? null : await readProject(db, who.territoryId, who.participantId, id);
    if (!project) return reply.callNotFound();
    const q = request.query as Record<string, unknown>;
    const notice = q.signale ? t('network.report.sent') : undefined;
    return reply.page(project.title, <ProjectPage p={project} csrf={reply.generateCsrf()} values={values} errors={errors} />, { status: Object.keys(errors).length ? 400 : 200, notice });
  };

  app.get<{ Params: { id: string } }>('/reseau/projets/:id', async (request, reply) => {
    const who = await member(request, reply);
    if (!who) return reply;
    return showProject(request, reply, who);
  });

  for (const [action, interested] of [['interet', true], ['desinteret', false]] as const) {
    app.post<{ Params: { id: string } }>(`/reseau/projets/:id/${action}`, { config: formLimit }, async (request, reply) => {
      const who = await member(request, reply);
      if (!who) return reply;
      const id = idOf(request.params.id);
      if (id === null || !(await setInterest(db, who.participantId, id, interested))) return reply.callNotFound();
      return reply.redirect(`/reseau/projets/${id}`, 303);
    });
  }

  app.post<{ Params: { id: string } }>('/reseau/projets/:id/conversation', { config: formLimit }, async (request, reply) => {
    const who = await member(request, reply);
    if (!who) return reply;
    const id = idOf(request.params.id);
    if (id === null) return reply.callNotFound();
    const values = formValues(request.body);
    const opened = await openProjectConversation(db, relay(await request.territory()), who.participantId, id, values.message ?? '');
    if (!opened.ok) {
      if (opened.reason === 'unknown') return reply.callNotFound();
      return showProject(request, reply, who, values, { message: t(`network.error.${opened.reason}`) });
    }
    return reply.redirect(`/reseau/conversations/${opened.conversationId}?envoye=1`, 303);
  });

  // The coordination's moderation: reports, hiding (audited), support for projects
  app.get('/equipe/reseau', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const q = request.query as Record<string, unknown>;
    const notice = q.masque ? t('network.mod.hidden') : q.classe ? t('network.mod.dismissed') : q.soutenu ? t('network.mod.supported') : undefined;
    const board = await moderationBoard(db, planner.territory.id);
    await auditAccess(db, { territoryId: planner.territory.id, staffId: planner.actor.staffId, action: 'read.moderation', rows: board.reports.length + board.projects.length });
    return reply.page(t('network.mod.title'), <ModerationPage board={board} csrf={reply.generateCsrf()} />, { notice });
  });

  app.post('/equipe/reseau/masquer', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const values = formValues(request.body);
    const kind = (['profile', 'message', 'project'] as const).find((k) => k === values.kind);
    const id = idOf(values.id);
    if (!kind || id === null) return reply.callNotFound();
    await hideContent(db, planner.actor, { kind, targetId: id });
    return reply.redirect('/equipe/reseau?masque=1', 303);
  });

  app.post<{ Params: { id: string } }>('/equipe/reseau/signalements/:id/classer', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    if (id === null || !(await dismissReport(db, planner.actor, id))) return reply.callNotFound();
    return reply.redirect('/equipe/reseau?classe=1', 303);
  });

  app.post<{ Params: { id: string } }>('/equipe/reseau/projets/:id/soutenir', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    const note = (formValues(request.body).note ?? '').trim().slice(0, 300) || null;
    if (id === null || !(await supportProject(db, planner.actor, id, note))) return reply.callNotFound();
    return reply.redirect('/equipe/reseau?soutenu=1', 303);
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

  app.post('/reseau/profil', { config: formLimit }, async (request, reply) => {
    const who = await leader(request, reply);
    if (!who) return reply;
    const form = parseProfileForm(request.body, await themesOf(who.territoryId));
    if (!form.ok) return showProfile(reply, who, form.values, form.lists, form.errors);
    const before = await ownProfile(db, who.participantId);
    await saveProfile(db, who.participantId, form.data);
    const joined = !before || before.left_at !== null;
    return reply.redirect(joined ? '/reseau?bienvenue=1' : '/reseau/profil?enregistre=1', 303);
  });

  app.post('/reseau/quitter', { config: formLimit }, async (request, reply) => {
    const who = await leader(request, reply);
    if (!who) return reply;
    await leaveDirectory(db, who.participantId);
    return reply.redirect('/reseau/profil?quitte=1', 303);
  });
};
