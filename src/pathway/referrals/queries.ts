import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { ReferralStatus, SharedField } from '../../platform/db/schema.js';

/** Who looks at referrals: the coordination sees the territory's, a partner account its chamber's only. */
export type ReferralViewer = { territoryId: number; partnerId: number | null };

export const REFERRAL_STATUSES: ReferralStatus[] = ['sent', 'contacted', 'training_started', 'training_completed', 'no_follow_up'];
/** The outcomes a partner records (the first state, `sent`, is the referral itself). */
export const OUTCOMES: ReferralStatus[] = ['contacted', 'training_started', 'training_completed', 'no_follow_up'];
export const SHARED_FIELDS: SharedField[] = ['name', 'email', 'phone', 'company', 'sector', 'commune', 'workshops', 'note'];

/** The calendar day of an instant in Europe/Paris, YYYY-MM-DD. */
export function parisDay(at: Date | string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
}

export function partnersOf(db: Executor, territoryId: number) {
  return db
    .selectFrom('partners as p')
    .select((eb) => [
      'p.id',
      'p.kind',
      'p.name',
      'p.contact_name',
      'p.contact_email',
      eb.selectFrom('partner_offers as o').select((e) => e.fn.countAll<number>().as('n')).whereRef('o.partner_id', '=', 'p.id').where('o.active', '=', 1).as('offers'),
    ])
    .where('p.territory_id', '=', territoryId)
    .orderBy('p.name')
    .execute();
}

export function partnerOf(db: Executor, territoryId: number, id: number | null) {
  if (id === null) return Promise.resolve(undefined);
  return db.selectFrom('partners').selectAll().where('id', '=', id).where('territory_id', '=', territoryId).executeTakeFirst();
}

export function offersOf(db: Executor, partnerId: number) {
  return db.selectFrom('partner_offers').selectAll().where('partner_id', '=', partnerId).orderBy('title').execute();
}

/** The active offers of the territory's partners matching any of these workshop themes (every active offer when no theme is given). */
export function partnerOffersFor(db: Executor, territoryId: number, themes: string[]) {
  let q = db
    .selectFrom('partner_offers as o')
    .innerJoin('partners as p', 'p.id', 'o.partner_id')
    .select(['o.id', 'o.title', 'o.url', 'o.themes', 'o.level', 'p.id as partner_id', 'p.name as partner_name', 'p.kind as partner_kind'])
    .where('p.territory_id', '=', territoryId)
    .where('o.active', '=', 1);
  const wanted = themes.filter((x) => /^[a-z_-]{1,40}$/.test(x));
  if (themes.length && !wanted.length) return Promise.resolve([]);
  if (wanted.length) q = q.where((eb) => eb.or(wanted.map((th) => eb('o.themes', 'like', `%,${th},%`))));
  return q.orderBy('p.name').orderBy('o.title').execute();
}

/** A participant's referrals, newest first (for « Mes inscriptions »). */
export function referralsOf(db: Executor, participantId: number) {
  return db
    .selectFrom('referrals as r')
    .innerJoin('partners as p', 'p.id', 'r.partner_id')
    .leftJoin('partner_offers as o', 'o.id', 'r.offer_id')
    .select(['r.id', 'r.status', 'r.status_at', 'r.created_at', 'r.requested_by', 'p.name as partner_name', 'o.title as offer_title', 'o.url as offer_url'])
    .where('r.participant_id', '=', participantId)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
}

/** The partner a partner account is bound to, or null (an unbound partner account sees nothing). */
export async function partnerOfStaff(db: Executor, staffId: number): Promise<number | null> {
  const row = await db.selectFrom('staff_users').select('partner_id').where('id', '=', staffId).where('role', '=', 'partner').executeTakeFirst();
  return row?.partner_id ?? null;
}

/** The base query of every referral read: scoped in SQL by territory, and by partner for a partner account. */
function visible(db: Executor, viewer: ReferralViewer) {
  let q = db
    .selectFrom('referrals as r')
    .innerJoin('partners as p', 'p.id', 'r.partner_id')
    .innerJoin('participants as pa', 'pa.id', 'r.participant_id')
    .where('r.territory_id', '=', viewer.territoryId);
  if (viewer.partnerId !== null) q = q.where('r.partner_id', '=', viewer.partnerId);
  return q;
}

export function referralsVisibleTo(db: Executor, viewer: ReferralViewer, limit = 200) {
  return visible(db, viewer)
    .select(['r.id', 'r.status', 'r.status_at', 'r.created_at', 'r.shared_fields', 'p.name as partner_name', 'pa.first_name', 'pa.last_name', 'pa.anonymised_at'])
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
}

/** One referral with what its partner may read; undefined when it does not exist or is not the viewer's. */
export async function referralVisibleTo(db: Executor, viewer: ReferralViewer, id: number | null) {
  if (id === null) return undefined;
  const row = await visible(db, viewer)
    .leftJoin('companies as c', 'c.id', 'pa.company_id')
    .leftJoin('communes as co', (j) => j.onRef('co.insee_code', '=', 'pa.commune_code').onRef('co.territory_id', '=', 'r.territory_id'))
    .leftJoin('partner_offers as o', 'o.id', 'r.offer_id')
    .select([
      'r.id',
      'r.participant_id',
      'r.status',
      'r.status_at',
      'r.created_at',
      'r.requested_by',
      'r.consent_text',
      'r.consent_text_version',
      'r.consent_at',
      'r.shared_fields',
      'r.note',
      'p.name as partner_name',
      'o.title as offer_title',
      'pa.first_name',
      'pa.last_name',
      'pa.email',
      'pa.phone',
      'pa.anonymised_at',
      'c.name as company_name',
      'c.sector',
      'co.name as commune_name',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const shared = sharedFieldsOf(row.shared_fields);
  const has = (f: SharedField) => shared.includes(f) && row.anonymised_at === null;
  const [events, workshops] = await Promise.all([
    db.selectFrom('referral_events').select(['id', 'status', 'happened_on', 'actor', 'at']).where('referral_id', '=', row.id).orderBy('at').orderBy('id').execute(),
    has('workshops') ? attendedWorkshops(db, row.participant_id) : Promise.resolve([]),
  ]);
  // what the leader did not agree to share never leaves this function, whatever the page does with it
  return {
    ...row,
    first_name: has('name') ? row.first_name : null,
    last_name: has('name') ? row.last_name : null,
    email: has('email') ? row.email : null,
    phone: has('phone') ? row.phone : null,
    company_name: has('company') ? row.company_name : null,
    sector: has('sector') ? row.sector : null,
    commune_name: has('commune') ? row.commune_name : null,
    note: has('note') ? row.note : null,
    shared,
    events,
    workshops,
  };
}
export type ReferralDetail = NonNullable<Awaited<ReturnType<typeof referralVisibleTo>>>;

/** The workshops a participant attended (present; a walk-in is recorded present), once each, by title. */
export function attendedWorkshopsOf(db: Executor, participantId: number) {
  return db
    .selectFrom('registrations as g')
    .innerJoin('sessions as s', 's.id', 'g.session_id')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .select(['w.id', 'w.title', 'w.theme'])
    .distinct()
    .where('g.participant_id', '=', participantId)
    .where('g.attendance', '=', 'present')
    .orderBy('w.title')
    .execute();
}

/** Their titles, for what a referral shares. */
export async function attendedWorkshops(db: Executor, participantId: number): Promise<string[]> {
  return (await attendedWorkshopsOf(db, participantId)).map((r) => r.title);
}

export function sharedFieldsOf(json: string): SharedField[] {
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? SHARED_FIELDS.filter((f) => list.includes(f)) : [];
  } catch {
    return [];
  }
}

/** Referrals by chamber and cycle, each status counted (the dashboard), computed by SQL. */
export function referralFigures(db: Executor, territoryId: number, cycleId: number | null = null) {
  let q = db
    .selectFrom('referrals as r')
    .innerJoin('partners as p', 'p.id', 'r.partner_id')
    .leftJoin('cycles as c', 'c.id', 'r.cycle_id')
    .select((eb) => [
      'p.id as partner_id',
      'p.name as partner_name',
      'c.id as cycle_id',
      'c.number as cycle_number',
      'c.name as cycle_name',
      eb.fn.countAll<number>().as('total'),
      ...OUTCOMES.map((s) => sql<number>`sum(case when ${eb.ref('r.status')} = ${s} then 1 else 0 end)`.as(s)),
    ])
    .where('r.territory_id', '=', territoryId);
  if (cycleId !== null) q = q.where('r.cycle_id', '=', cycleId);
  return q.groupBy(['p.id', 'p.name', 'c.id', 'c.number', 'c.name']).orderBy('c.number', 'desc').orderBy('p.name').execute();
}
