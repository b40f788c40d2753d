import type { Executor } from '../db/database.js';
import type { OutboxTable } from '../db/schema.js';
import type { Selectable } from 'kysely';

/** A message as a command decides it: both versions, optional attachments and headers. */
export interface OutgoingMail {
  to: string;
  subject: string;
  /** plain-text version */
  text: string;
  /** accessible HTML version (lang="fr"), see renderMail */
  html: string;
  /** content: UTF-8 text (e.g. an .ics), or base64 with encoding 'base64' (a PDF) */
  attachments?: Array<{ filename: string; contentType: string; content: string; encoding?: 'base64' }>;
  headers?: Record<string, string>;
}

/** What the `payload` column holds (the recipient has its own column). */
export type MailPayload = Omit<OutgoingMail, 'to'>;

export interface MailGuardRef {
  name: string;
  data: unknown;
}

export type OutboxRow = Selectable<OutboxTable>;

export interface MailToQueue {
  kind: string;
  idempotencyKey: string;
  mail: OutgoingMail;
  notBefore?: Date;
  guard?: MailGuardRef;
}

/**
 * Writes the message in the caller's transaction, so it exists exactly when the command
 * committed (DESIGN.md, invariant 5); the worker sends it after commit.
 * A second call with the same idempotencyKey is ignored (the first message stands).
 * `notBefore` delays sending (a reminder); `guard` names a check the worker runs just before
 * sending: when it answers false the message is stale and is skipped, never sent.
 */
export async function enqueueMail(tx: Executor, input: MailToQueue): Promise<void> {
  await enqueueMails(tx, [input]);
}

/** Several messages in one statement (one round trip), with the same guarantees as `enqueueMail` for each. */
export async function enqueueMails(tx: Executor, inputs: MailToQueue[]): Promise<void> {
  if (!inputs.length) return;
  await tx
    .insertInto('outbox')
    .values(inputs.map(outboxRow))
    // ON CONFLICT rather than catching the error: on PostgreSQL an error would abort the caller's transaction.
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
}

function outboxRow(input: MailToQueue) {
  const { mail } = input;
  if (!input.kind || !input.idempotencyKey) throw new Error('enqueueMail: kind and idempotencyKey are required');
  if (!mail.to.trim() || /[\r\n]/.test(mail.to)) throw new Error('enqueueMail: a single recipient address is required');
  if (input.notBefore && Number.isNaN(input.notBefore.getTime())) throw new Error('enqueueMail: notBefore is not a valid date');
  const payload: MailPayload = { subject: mail.subject, text: mail.text, html: mail.html };
  if (mail.attachments?.length) payload.attachments = mail.attachments;
  if (mail.headers && Object.keys(mail.headers).length) payload.headers = mail.headers;
  return {
    kind: input.kind,
    recipient: mail.to.trim(),
    payload: JSON.stringify(payload),
    next_attempt_at: (input.notBefore ?? new Date()).toISOString(),
    idempotency_key: input.idempotencyKey,
    guard: input.guard ? JSON.stringify({ name: input.guard.name, data: input.guard.data ?? null }) : null,
  };
}

/** The payload of a row, read back; throws on a row that is not a message this code wrote. */
export function parsePayload(row: Pick<OutboxRow, 'payload'>): MailPayload {
  const value = JSON.parse(row.payload) as MailPayload;
  if (typeof value?.subject !== 'string' || typeof value.text !== 'string' || typeof value.html !== 'string') {
    throw new Error('payload is not a mail (subject, text and html expected)');
  }
  return value;
}

export function parseGuard(row: Pick<OutboxRow, 'guard'>): MailGuardRef | null {
  if (!row.guard) return null;
  const value = JSON.parse(row.guard) as MailGuardRef;
  if (typeof value?.name !== 'string') throw new Error('guard has no name');
  return value;
}
