import type { Tx } from '../platform/db/database.js';
import { DIRECTORY_CONSENT_VERSION } from '../network/profile.js';
import type { Random } from './random.js';

const DAY = 86_400_000;

const OFFERS = ['Des paniers de légumes de saison', 'Un local pour des réunions', 'Mon expérience de la vente en ligne', 'Des photos pour vos produits', 'Un coup de main sur les réseaux sociaux'];
const LOOKING = ['Des producteurs pour une boutique en ligne commune', 'Un partenaire pour un circuit de visites', 'Des conseils pour la facturation électronique', 'Un photographe pour mon site', 'Des commerçants pour des bons cadeaux communs'];

/**
 * The directory of the demo: about fifteen of the past cycle's attendees in it, each showing a
 * different set of fields; a project by a farmer with a few interested, one supported by the
 * coordination; a conversation whose two members have both written; one report to moderate.
 */
export async function seedNetwork(tx: Tx, rng: Random, input: { territoryId: number; now: Date; pastCycleId: number; coordinatorId: number }): Promise<void> {
  const { territoryId, now } = input;
  const attendees = await tx
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('participants as p', 'p.id', 'r.participant_id')
    .select(['p.id', 'p.first_name'])
    .distinct()
    .where('s.cycle_id', '=', input.pastCycleId)
    .where('r.attendance', '=', 'present')
    .orderBy('p.id')
    .execute();
  const members = rng.sample(attendees, Math.min(15, attendees.length));
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString();
  for (const [i, m] of members.entries()) {
    const joined = at(rng.int(10, 120));
    const shows = (p: number) => (rng.chance(p) ? (1 as const) : (0 as const));
    const lookingFor = shows(0.6);
    const offering = shows(0.5);
    await tx
      .insertInto('directory_profiles')
      .values({
        territory_id: territoryId,
        participant_id: m.id,
        show_name: i % 5 === 4 ? 0 : 1, // a few show only their company
        show_company: 1,
        show_sector: shows(0.8),
        show_commune: shows(0.7),
        show_website: 0,
        show_looking_for: lookingFor,
        show_offering: offering,
        looking_for: lookingFor ? rng.pick(LOOKING) : null,
        offering: offering ? rng.pick(OFFERS) : null,
        interests: JSON.stringify(rng.sample(['web', 'vente', 'communication', 'outils', 'securite', 'internet'], rng.int(1, 3))),
        joined_at: joined,
      })
      .execute();
    await tx.insertInto('consents').values({ participant_id: m.id, purpose: 'directory', text_version: DIRECTORY_CONSENT_VERSION, given_at: joined }).execute();
  }
  if (members.length < 6) return;
  const [farmer, a, b, c, d, e] = members as [typeof members[number], ...typeof members];
  const project = await tx
    .insertInto('network_projects')
    .values({ territory_id: territoryId, proposer_id: farmer.id, title: 'Une boutique en ligne commune des producteurs du Ternois', description: 'Vendre nos paniers et nos produits sur un seul site, avec un retrait dans les cybercentres.\nQui est partant pour en parler ?', sectors: JSON.stringify(['agriculture', 'commerce']), commune_code: null, created_at: at(30) })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const who of [a!, b!, c!]) await tx.insertInto('network_interests').values({ project_id: project.id, participant_id: who.id, created_at: at(rng.int(5, 25)) }).execute();
  const circuit = await tx
    .insertInto('network_projects')
    .values({ territory_id: territoryId, proposer_id: d!.id, title: 'Un circuit « Ternois gourmand » pour les visiteurs', description: 'Gîtes, fermes et restaurants : un parcours commun et une page pour le présenter.', sectors: JSON.stringify(['tourisme', 'agriculture']), created_at: at(45), supported_at: at(20), supported_by: input.coordinatorId, support_note: 'Un atelier « réseaux sociaux » est prévu pour le groupe.' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.insertInto('network_interests').values({ project_id: circuit.id, participant_id: e!.id, created_at: at(18) }).execute();

  const conversation = await tx.insertInto('network_conversations').values({ territory_id: territoryId, created_by: a!.id, created_at: at(6) }).returning('id').executeTakeFirstOrThrow();
  await tx.insertInto('network_members').values([
    { conversation_id: conversation.id, participant_id: a!.id, joined_at: at(6), revealed_at: at(6) },
    { conversation_id: conversation.id, participant_id: farmer.id, joined_at: at(6), revealed_at: at(5) },
  ]).execute();
  await tx.insertInto('network_messages').values([
    { conversation_id: conversation.id, sender_id: a!.id, body: `Bonjour ${farmer.first_name}, votre projet de boutique commune m’intéresse : on en parle ?`, created_at: at(6) },
    { conversation_id: conversation.id, sender_id: farmer.id, body: 'Avec plaisir ! Passez à la ferme jeudi en fin de journée.', created_at: at(5) },
  ]).execute();
  await tx.insertInto('network_reports').values({ territory_id: territoryId, reporter_id: b!.id, target_kind: 'profile', target_id: e!.id, reason: 'Il me propose un crédit sans rapport avec le programme.', created_at: at(2) }).execute();
}
