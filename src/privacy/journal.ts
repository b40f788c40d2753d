import type { ExpressionBuilder } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type { DB } from '../platform/db/schema.js';
import { t } from '../platform/i18n/index.js';
import { addDays, parisTime } from '../platform/time.js';

/** The families an administrator filters the log by; `change` is whatever is none of the others. */
export const FAMILIES = ['read', 'export', 'change', 'erasure', 'login'] as const;
export type Family = (typeof FAMILIES)[number];

const EXPORTS = ['export.%'];
const EXPORT_ACTIONS = ['report.exported'];
const ERASURES = ['%.anonymised', '%.erased', '%.forgotten', '%.deleted'];
const LOGINS = ['staff.login', 'staff.login_failed', 'staff.logout'];

type Eb = ExpressionBuilder<DB, 'audit_log'>;
const likeAny = (eb: Eb, patterns: string[]) => patterns.map((p) => eb('action', 'like', p));

function familyCondition(eb: Eb, family: Family) {
  switch (family) {
    case 'read':
      return eb('action', 'like', 'read.%');
    case 'export':
      return eb.or([...likeAny(eb, EXPORTS), eb('action', 'in', EXPORT_ACTIONS)]);
    case 'erasure':
      return eb.or(likeAny(eb, ERASURES));
    case 'login':
      return eb('action', 'in', LOGINS);
    case 'change':
      return eb.and([eb.not(eb('action', 'like', 'read.%')), ...[...EXPORTS, ...ERASURES].map((p) => eb.not(eb('action', 'like', p))), eb('action', 'not in', [...EXPORT_ACTIONS, ...LOGINS])]);
  }
}

/** The family an action belongs to (the same rule as the filter, for the page). */
export function familyOf(action: string): Family {
  const like = (p: string) => new RegExp(`^${p.replace(/[.]/g, '\\.').replace(/%/g, '.*')}$`).test(action);
  if (like('read.%')) return 'read';
  if (EXPORTS.some(like) || EXPORT_ACTIONS.includes(action)) return 'export';
  if (ERASURES.some(like)) return 'erasure';
  if (LOGINS.includes(action)) return 'login';
  return 'change';
}

export interface JournalFilter {
  family: Family | null;
  /** 'staff:12', 'system', or 'participant' (every participant's own actions). */
  actor: string | null;
  /** Paris calendar days, YYYY-MM-DD, both included. */
  from: string | null;
  to: string | null;
}

export interface JournalRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: string | null;
}

/** One page of the log, newest first, after the entry `before` (keyset: the id only goes up). */
export async function journalPage(db: Executor, territoryId: number, filter: JournalFilter, before: number | null, limit: number): Promise<{ rows: JournalRow[]; more: boolean }> {
  let q = filtered(db, territoryId, filter);
  if (before !== null) q = q.where('id', '<', before);
  const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
  return { rows: rows.slice(0, limit).map(normalise), more: rows.length > limit };
}

/** Every entry matching the filter, newest first (the CSV download), up to `cap`. */
export async function journalAll(db: Executor, territoryId: number, filter: JournalFilter, cap = 100_000): Promise<JournalRow[]> {
  return (await filtered(db, territoryId, filter).orderBy('id', 'desc').limit(cap).execute()).map(normalise);
}

const normalise = (r: { id: number | string; at: string | Date } & Omit<JournalRow, 'id' | 'at'>): JournalRow => ({ ...r, id: Number(r.id), at: new Date(r.at).toISOString() });

function filtered(db: Executor, territoryId: number, filter: JournalFilter) {
  // the territory's entries and those of no territory (a national administrator's sign-in, the system)
  let q = db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor', 'action', 'subject', 'details'])
    .where((eb) => eb.or([eb('territory_id', '=', territoryId), eb('territory_id', 'is', null)]));
  const family = filter.family;
  if (family) q = q.where((eb) => familyCondition(eb, family));
  if (filter.actor === 'participant') q = q.where('actor', 'like', 'participant:%');
  else if (filter.actor) q = q.where('actor', '=', filter.actor);
  if (filter.from) q = q.where('at', '>=', parisTime(filter.from, 0).toISOString());
  if (filter.to) q = q.where('at', '<', parisTime(addDays(filter.to, 1), 0).toISOString());
  return q;
}

/** The display names of the staff accounts among these actors; others are described. */
export async function actorNames(db: Executor, actors: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(actors.map((a) => /^staff:(\d+)$/.exec(a)?.[1]).filter((x): x is string => !!x).map(Number))];
  const staff = ids.length ? await db.selectFrom('staff_users').select(['id', 'display_name']).where('id', 'in', ids).execute() : [];
  const byId = new Map(staff.map((s) => [`staff:${s.id}`, s.display_name]));
  const names = new Map<string, string>();
  for (const actor of actors) {
    const staffId = /^staff:(\d+)$/.exec(actor)?.[1];
    const participantId = /^participant:(\d+)$/.exec(actor)?.[1];
    names.set(
      actor,
      byId.get(actor) ??
        (staffId ? t('journal.actor.staff_unknown', { id: staffId }) : participantId ? t('journal.actor.participant', { id: participantId }) : actor === 'system' ? t('journal.actor.system') : actor === 'anonymous' ? t('journal.actor.anonymous') : actor),
    );
  }
  return names;
}

/** The accounts an administrator may filter by: the territory's staff (and national ones). */
export function staffChoices(db: Executor, territoryId: number) {
  return db
    .selectFrom('staff_users')
    .select(['id', 'display_name', 'role'])
    .where((eb) => eb.or([eb('territory_id', '=', territoryId), eb('territory_id', 'is', null)]))
    .orderBy('display_name')
    .execute();
}
