import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.js';

/** A member as others see them: only the fields they chose to show, the rest null. */
export interface MemberCard {
  id: number; // the participant's id
  name: string | null;
  company: string | null;
  sector: string | null;
  commune: string | null;
  website: string | null;
  lookingFor: string | null;
  offering: string | null;
  interests: string[];
}

export const MEMBERS_PER_PAGE = 30;

/** The directory's visible profiles: in it (not left), not hidden by the coordination, of a present (not erased) person. */
function visibleProfiles(db: Executor, territoryId: number) {
  return db
    .selectFrom('directory_profiles as d')
    .innerJoin('participants as p', 'p.id', 'd.participant_id')
    .leftJoin('companies as co', 'co.id', 'p.company_id')
    .leftJoin('communes as m', (j) => j.onRef('m.insee_code', '=', 'p.commune_code').onRef('m.territory_id', '=', 'p.territory_id'))
    .where('d.territory_id', '=', territoryId)
    .where('d.left_at', 'is', null)
    .where('d.hidden_at', 'is', null)
    .where('p.anonymised_at', 'is', null);
}

const CARD_COLUMNS = [
  'd.participant_id',
  'd.show_name',
  'd.show_company',
  'd.show_sector',
  'd.show_commune',
  'd.show_website',
  'd.show_looking_for',
  'd.show_offering',
  'd.website',
  'd.looking_for',
  'd.offering',
  'd.interests',
  'p.first_name',
  'p.last_name',
  'p.commune_code',
  'co.name as company_name',
  'co.sector',
  'm.name as commune_name',
] as const;

type CardRow = {
  participant_id: number;
  show_name: number;
  show_company: number;
  show_sector: number;
  show_commune: number;
  show_website: number;
  show_looking_for: number;
  show_offering: number;
  website: string | null;
  looking_for: string | null;
  offering: string | null;
  interests: string;
  first_name: string;
  last_name: string;
  company_name: string | null;
  sector: string | null;
  commune_name: string | null;
};

/** Only what the member ticked leaves this function: an unticked field is null, whatever is stored. */
function cardOf(r: CardRow): MemberCard {
  const show = <T,>(flag: number, value: T) => (flag === 1 ? value : null);
  return {
    id: r.participant_id,
    name: show(r.show_name, `${r.first_name} ${r.last_name}`),
    company: show(r.show_company, r.company_name),
    sector: show(r.show_sector, r.sector),
    commune: show(r.show_commune, r.commune_name),
    website: show(r.show_website, r.website),
    lookingFor: show(r.show_looking_for, r.looking_for),
    offering: show(r.show_offering, r.offering),
    interests: JSON.parse(r.interests) as string[],
  };
}

/** Whether this leader may read the directory: they are in it themselves, visible. */
export async function isVisibleMember(db: Executor, participantId: number): Promise<{ territoryId: number } | null> {
  const row = await db
    .selectFrom('directory_profiles as d')
    .innerJoin('participants as p', 'p.id', 'd.participant_id')
    .select('d.territory_id')
    .where('d.participant_id', '=', participantId)
    .where('d.left_at', 'is', null)
    .where('d.hidden_at', 'is', null)
    .where('p.anonymised_at', 'is', null)
    .executeTakeFirst();
  return row ? { territoryId: row.territory_id } : null;
}

export interface DirectoryFilter {
  sector?: string | null;
  commune?: string | null;
  interest?: string | null;
  page: number;
}

/**
 * The other members, filtered in SQL by a sector or commune they chose to show, or a subject of
 * interest; by name for those who show it, then by arrival. The viewer is never in their own list.
 */
export async function directoryMembers(db: Executor, territoryId: number, viewerId: number, filter: DirectoryFilter) {
  const q = visibleProfiles(db, territoryId)
    .where('d.participant_id', '!=', viewerId)
    .$if(!!filter.sector, (b) => b.where('d.show_sector', '=', 1).where('co.sector', '=', filter.sector as never))
    .$if(!!filter.commune, (b) => b.where('d.show_commune', '=', 1).where('p.commune_code', '=', filter.commune!))
    .$if(!!filter.interest, (b) => b.where('d.interests', 'like', `%"${filter.interest!.replace(/["%_\\]/g, '')}"%`));
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const pages = Math.max(1, Math.ceil(total / MEMBERS_PER_PAGE));
  const page = Math.min(Math.max(1, filter.page), pages);
  const rows = await q
    .select(CARD_COLUMNS)
    .orderBy(sql`case when d.show_name = 1 then p.last_name else null end`)
    .orderBy('d.joined_at')
    .orderBy('d.id')
    .limit(MEMBERS_PER_PAGE)
    .offset((page - 1) * MEMBERS_PER_PAGE)
    .execute();
  return { total, page, pages, members: rows.map((r) => cardOf(r as CardRow)) };
}

/** One member's card, or null when they are not (or no longer) visible, whoever asks. */
export async function memberCard(db: Executor, territoryId: number, memberId: number): Promise<MemberCard | null> {
  const row = await visibleProfiles(db, territoryId).select(CARD_COLUMNS).where('d.participant_id', '=', memberId).executeTakeFirst();
  return row ? cardOf(row as CardRow) : null;
}

/** Several members' cards at once (those still visible), by participant id. */
export async function memberCards(db: Executor, territoryId: number, ids: number[]): Promise<Map<number, MemberCard>> {
  if (!ids.length) return new Map();
  const rows = await visibleProfiles(db, territoryId).select(CARD_COLUMNS).where('d.participant_id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.participant_id, cardOf(r as CardRow)]));
}

/** The choices of the search form: the communes members show, the sectors and the workshops' themes. */
export async function directoryChoices(db: Executor, territoryId: number) {
  const [communes, themes] = await Promise.all([
    visibleProfiles(db, territoryId).select(['p.commune_code', 'm.name']).distinct().where('d.show_commune', '=', 1).where('m.name', 'is not', null).orderBy('m.name').execute(),
    db.selectFrom('workshops').select('theme').distinct().where('territory_id', '=', territoryId).where('published', '=', 1).orderBy('theme').execute(),
  ]);
  return { communes: communes.map((c) => ({ code: c.commune_code!, name: c.name! })), themes: themes.map((w) => w.theme) };
}

/**
 * « Rencontrés en atelier »: for each held session the viewer attended, the other visible members
 * who were present too, newest first.
 */
export async function metAtWorkshops(db: Executor, territoryId: number, viewerId: number) {
  const rows = await visibleProfiles(db, territoryId)
    .innerJoin('registrations as r', 'r.participant_id', 'd.participant_id')
    .innerJoin('registrations as mine', (j) => j.onRef('mine.session_id', '=', 'r.session_id').on('mine.participant_id', '=', viewerId))
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .innerJoin('communes as vc', (j) => j.onRef('vc.insee_code', '=', 'v.commune_code').onRef('vc.territory_id', '=', 'v.territory_id'))
    .where('d.participant_id', '!=', viewerId)
    .where('s.status', '=', 'held')
    .where('r.attendance', '=', 'present')
    .where('mine.attendance', '=', 'present')
    .select([...CARD_COLUMNS, 's.id as session_id', 's.starts_at', 'w.title as workshop_title', 'vc.name as venue_commune'])
    .orderBy('s.starts_at', 'desc')
    .orderBy('d.participant_id')
    .limit(200)
    .execute();
  const sessions = new Map<number, { workshop: string; commune: string; startsAt: string; members: MemberCard[] }>();
  for (const r of rows) {
    const entry = sessions.get(r.session_id) ?? { workshop: r.workshop_title, commune: r.venue_commune, startsAt: r.starts_at, members: [] };
    entry.members.push(cardOf(r as unknown as CardRow));
    sessions.set(r.session_id, entry);
  }
  return [...sessions.values()];
}
