import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import path from 'node:path';
import { t } from '../i18n/index.js';
import { findOutboxMessage, listOutbox, OUTBOX_STATUSES } from './admin-queries.js';
import { parseGuard, parsePayload } from './outbox.js';
import { messageOf } from './worker.js';
import type { MailMessage } from './transport.js';
import { OutboxListPage, OutboxMessagePage } from './views.js';

/**
 * Administrators only: anonymous visitors go to the login page, other staff get the same 404
 * as a page that does not exist. The outbox holds every territory's messages: once the instance
 * hosts several territories, only a national administrator (bound to none) reads it
 * (docs/decisions/0019-territories.md); an administrator of one territory gets the 404 too.
 */
async function requireAdministrator(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  if (!request.staff) {
    await reply.redirect('/equipe/connexion', 303);
    return false;
  }
  const db = request.server.deps.database.db;
  const severalTerritories = async () => (await db.selectFrom('territories').select('id').limit(2).execute()).length > 1;
  if (request.staff.role !== 'administrator' || (request.staff.territoryId !== null && (await severalTerritories()))) {
    await reply.callNotFound();
    return false;
  }
  return true;
}

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** The outbox in the back office: every message, its state, and its text, so that a trial without SMTP can read them. */
export const mailRoutes: FastifyPluginAsync = async (app) => {
  const { database, config } = app.deps;

  app.get('/equipe/courriels', async (request, reply) => {
    if (!(await requireAdministrator(request, reply))) return reply;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const status = OUTBOX_STATUSES.find((s) => s === first(query.statut));
    const n = Number(first(query.page));
    const page = Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
    const list = await listOutbox(database.db, { page, status });
    const delivery = config.smtpUrl ? t('mail.list.smtp') : t('mail.list.files', { dir: path.join(config.dataDir, 'mail') });
    return reply.page(t('mail.list.title'), <OutboxListPage {...list} status={status} delivery={delivery} />);
  });

  app.get('/equipe/courriels/:id', async (request, reply) => {
    if (!(await requireAdministrator(request, reply))) return reply;
    const raw = (request.params as { id: string }).id;
    const id = /^\d{1,15}$/.test(raw) ? Number(raw) : null;
    const row = id ? await findOutboxMessage(database.db, id) : undefined;
    if (!row) return reply.callNotFound();
    let message: MailMessage | null = null;
    let unreadable: string | null = null;
    let guardName: string | null = null;
    try {
      message = messageOf(row, parsePayload(row), config);
      guardName = parseGuard(row)?.name ?? null;
    } catch (error) {
      unreadable = (error as Error).message;
    }
    return reply.page(t('mail.detail.title', { id: String(row.id) }), <OutboxMessagePage row={row} message={message} unreadable={unreadable} guardName={guardName} />);
  });
};
