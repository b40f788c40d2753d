import crypto from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { dialectOf, type Database, type Db } from '../db/database.js';
import { parseGuard, parsePayload, type MailPayload, type OutboxRow } from './outbox.js';
import { createMailTransport, type MailMessage, type MailTransport } from './transport.js';

/** Runs just before sending: false means the message is stale (recorded as skipped, never sent). */
export type MailGuard = (db: Db, data: unknown) => Promise<boolean>;

export interface OutboxWorker {
  /**
   * Claims up to one batch of due messages and sends them. `failed` counts the messages whose
   * attempt failed in this run (they are retried later, or given up after the last attempt).
   */
  runOnce(): Promise<{ sent: number; failed: number; skipped: number }>;
  /** Stops polling, waits for the message being sent, hands the rest of the batch back. */
  stop(): Promise<void>;
}

export const OUTBOX = {
  batchSize: 20,
  /** A claimed row is ours for this long; then another worker may take it (after a crash). Setting MAIL_LEASE_SECONDS. */
  leaseMs: 2 * 60_000,
  /** No message is started with less than half the lease left (a send is bounded well below it). */
  maxAttempts: 10,
  /** Retry of an unknown guard: a deployment problem, not the message's fault (no attempt counted). */
  unknownGuardDelayMs: 5 * 60_000,
};

/** 30 s, 1 min, 2 min, … doubling after each failed attempt, capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * A message's links carry secrets (sign-in links, survey and diagnostic links, unsubscribe
 * signatures). The outbox needs them until the message leaves; afterwards the row keeps the
 * message with every secret-looking part of a URL (a path segment or a query value of 22 or more
 * URL-safe characters, one of them a capital) masked, so a database dump or the staff's mail log opens no one's space.
 */
export const MASKED_SECRET = '[jeton-masque]';
export function maskLinkSecrets(payload: string): string {
  // a secret is random base64url, so it has a capital letter; a slug (« creer-son-site ») has none
  return payload.replace(/(https?:\/\/[^\s"'<>\\]*?[/=])(?=[A-Za-z0-9_.~-]*[A-Z])([A-Za-z0-9_.~-]{22,})/g, (_m, before: string) => before + MASKED_SECRET);
}

/** `<outbox-<id>.<hash of the idempotency key>@<host of BASE_URL>>`: the same for every attempt. */
export function messageIdOf(row: Pick<OutboxRow, 'id' | 'idempotency_key'>, baseUrl: string): string {
  const hash = crypto.createHash('sha256').update(row.idempotency_key).digest('hex').slice(0, 16);
  return `<outbox-${row.id}.${hash}@${new URL(baseUrl).hostname}>`;
}

/** The message of an outbox row, as the transport receives it. */
export function messageOf(row: OutboxRow, payload: MailPayload, config: Pick<Config, 'mailFrom' | 'baseUrl'>): MailMessage {
  const headers = { ...(payload.headers ?? {}) };
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'auto-submitted')) headers['Auto-Submitted'] = 'auto-generated';
  return {
    from: config.mailFrom,
    to: row.recipient,
    subject: payload.subject,
    text: payload.text,
    html: payload.html,
    ...(payload.attachments?.length ? { attachments: payload.attachments } : {}),
    headers,
    messageId: messageIdOf(row, config.baseUrl),
    outboxId: row.id,
    createdAt: row.created_at,
  };
}

/**
 * Claims due rows in one statement: pending ones whose time has come, and `sending` ones whose
 * lease ran out (their worker died). The claim raises `attempts` and sets the lease's end in
 * `next_attempt_at`. On PostgreSQL, SKIP LOCKED lets several workers claim disjoint rows;
 * SQLite has one writer at a time, so the statement alone is enough.
 */
export async function claimDue(db: Db, limit: number, leaseMs: number, at = new Date()): Promise<OutboxRow[]> {
  const pg = dialectOf(db) === 'postgres';
  const rows = await db
    .updateTable('outbox')
    .set({ status: 'sending', attempts: sql`attempts + 1`, next_attempt_at: new Date(at.getTime() + leaseMs).toISOString() })
    .where('id', 'in', (eb) => {
      const due = eb
        .selectFrom('outbox')
        .select('id')
        .where('status', 'in', ['pending', 'sending'])
        .where('next_attempt_at', '<=', at.toISOString())
        .orderBy('id')
        .limit(limit);
      return pg ? due.forUpdate().skipLocked() : due;
    })
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

type Outcome = 'sent' | 'failed' | 'skipped';

export function startOutboxWorker(deps: {
  database: Database;
  config: Config;
  logger: Logger;
  guards?: Record<string, MailGuard>;
  pollMs?: number;
  transport?: MailTransport;
  autoStart?: boolean;
  batchSize?: number;
}): OutboxWorker {
  const { database, config } = deps;
  const db = database.db;
  const log = deps.logger.child({ component: 'outbox' });
  const guards = deps.guards ?? {};
  const transport = deps.transport ?? createMailTransport(config);
  if (!deps.transport && !config.smtpUrl) {
    const dir = path.join(config.dataDir, 'mail');
    if (config.env === 'production') log.warn({ dir }, 'SMTP_URL is not set: mail is written to files, not sent');
    else log.info({ dir }, 'no SMTP_URL: mail is written to files (and shown at /equipe/courriels)');
  }
  const pollMs = deps.pollMs ?? 2000;
  const leaseMs = (config.mailLeaseSeconds ?? OUTBOX.leaseMs / 1000) * 1000;
  const batchSize = deps.batchSize ?? OUTBOX.batchSize;
  const inFlight = new Set<Promise<unknown>>();
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;

  const iso = (ms = 0) => new Date(Date.now() + ms).toISOString();
  /** Updates a row only while our claim on it stands (same attempt, still sending). */
  const ours = (row: OutboxRow) =>
    db.updateTable('outbox').where('id', '=', row.id).where('status', '=', 'sending').where('attempts', '=', row.attempts);

  async function recordFailure(row: OutboxRow, error: unknown): Promise<Outcome> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    const givenUp = row.attempts >= OUTBOX.maxAttempts;
    await ours(row)
      .set({ status: givenUp ? 'failed' : 'pending', next_attempt_at: iso(backoffMs(row.attempts)), last_error: message })
      .execute();
    if (givenUp) log.error({ outboxId: row.id, kind: row.kind, attempts: row.attempts, err: message }, 'mail given up after the last attempt');
    else log.warn({ outboxId: row.id, kind: row.kind, attempts: row.attempts, err: message }, 'mail attempt failed, will retry');
    return 'failed';
  }

  /** Hands a claimed row back untouched (the attempt is not counted). */
  async function release(row: OutboxRow, delayMs: number, lastError?: string) {
    await ours(row)
      .set({ status: 'pending', attempts: sql`attempts - 1`, next_attempt_at: iso(delayMs), ...(lastError ? { last_error: lastError } : {}) })
      .execute();
  }

  async function deliver(row: OutboxRow): Promise<Outcome> {
    let message: MailMessage;
    try {
      const guard = parseGuard(row);
      if (guard) {
        const check = guards[guard.name];
        if (!check) {
          // Never send unguarded: wait for a worker that knows this guard.
          log.error({ outboxId: row.id, kind: row.kind, guard: guard.name }, 'mail has an unknown guard; kept pending');
          await release(row, OUTBOX.unknownGuardDelayMs, `Garde inconnue : ${guard.name}`);
          return 'failed';
        }
        if (!(await check(db, guard.data))) {
          await ours(row).set({ status: 'skipped', skipped_at: iso(), payload: maskLinkSecrets(row.payload) }).execute();
          log.info({ outboxId: row.id, kind: row.kind }, 'mail skipped: no longer relevant');
          return 'skipped';
        }
      }
      message = messageOf(row, parsePayload(row), config);
      await transport.send(message);
    } catch (error) {
      return recordFailure(row, error);
    }
    // Sent: whatever another worker did with the row meanwhile, it is now sent.
    await db.updateTable('outbox').set({ status: 'sent', sent_at: iso(), payload: maskLinkSecrets(row.payload) }).where('id', '=', row.id).where('status', '!=', 'sent').execute();
    log.info({ outboxId: row.id, kind: row.kind, attempts: row.attempts }, 'mail sent');
    return 'sent';
  }

  async function run() {
    const result = { sent: 0, failed: 0, skipped: 0 };
    if (stopping) return result;
    const claimedAt = Date.now();
    const rows = await claimDue(db, batchSize, leaseMs);
    for (const [i, row] of rows.entries()) {
      if (stopping || Date.now() - claimedAt > leaseMs / 2) {
        for (const rest of rows.slice(i)) await release(rest, 0).catch((err) => log.error({ err, outboxId: rest.id }, 'could not release a claimed mail'));
        break;
      }
      try {
        result[await deliver(row)]++;
      } catch (err) {
        // The database failed while recording the outcome: the lease will bring the row back.
        log.error({ err, outboxId: row.id }, 'could not record the outcome of a mail');
        result.failed++;
      }
    }
    return result;
  }

  function runOnce() {
    const p = run();
    inFlight.add(p);
    const forget = () => inFlight.delete(p);
    p.then(forget, forget);
    return p;
  }

  const tick = () => {
    let full = false;
    runOnce()
      .then((r) => (full = r.sent + r.failed + r.skipped >= batchSize))
      .catch((err) => log.error({ err }, 'outbox run failed'))
      .finally(() => {
        // a full batch means more is due (a registration peak, a campaign): the next one at once
        if (!stopping) timer = setTimeout(tick, full ? 0 : pollMs).unref();
      });
  };
  if (deps.autoStart ?? true) timer = setTimeout(tick, 0).unref();

  return {
    runOnce,
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await Promise.allSettled([...inFlight]);
      transport.close?.();
    },
  };
}
