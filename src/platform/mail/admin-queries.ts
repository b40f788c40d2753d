import { sql } from 'kysely';
import { dialectOf, type Executor } from '../db/database.js';
import type { OutboxRow } from './outbox.js';

export const OUTBOX_PAGE_SIZE = 50;
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxListRow {
  id: number;
  kind: string;
  recipient: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  created_at: string;
  subject: string | null;
}

/** One page of the outbox, newest first; the subject is read from the payload by the database (no body loaded). */
export async function listOutbox(
  db: Executor,
  input: { page: number; status?: OutboxStatus | undefined },
): Promise<{ rows: OutboxListRow[]; total: number; page: number; pages: number }> {
  const subject =
    dialectOf(db) === 'postgres' ? sql<string | null>`(payload::json ->> 'subject')` : sql<string | null>`json_extract(payload, '$.subject')`;
  let base = db.selectFrom('outbox');
  if (input.status) base = base.where('status', '=', input.status);
  const { count } = await base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const total = Number(count);
  const pages = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  const page = Math.min(input.page, pages);
  const rows = await base
    .select(['id', 'kind', 'recipient', 'status', 'attempts', 'last_error', 'created_at', subject.as('subject')])
    .orderBy('id', 'desc')
    .limit(OUTBOX_PAGE_SIZE)
    .offset((page - 1) * OUTBOX_PAGE_SIZE)
    .execute();
  return { rows, total, page, pages };
}

export async function findOutboxMessage(db: Executor, id: number): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}
