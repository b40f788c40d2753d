import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Executor } from '../../platform/db/database.js';
import type { SurveyKind } from '../../platform/db/schema.js';
import { formatDate, t } from '../../platform/i18n/index.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import { renderMail } from '../../platform/mail/templates.js';
import { addDays, parisParts, parisTime } from '../../platform/time.js';

/** The satisfaction survey goes out the day after the session, at this Paris hour. */
export const SURVEY_HOUR = 9;
export const SATISFACTION_OPEN_DAYS = 30;
export const FOLLOW_UP_MONTHS = 3;
export const FOLLOW_UP_OPEN_DAYS = 60;

export const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
export const surveyUrl = (baseUrl: string, token: string) => `${baseUrl}/enquete/${token}`;

/** A calendar date plus whole months, the day kept or brought back to the month's last (31 → 30). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

/** When each survey of a session goes out: the next day at 9:00, and three months later at 9:00 (Paris time). */
export function surveyDueDates(startsAt: string): { satisfaction: Date; followUp: Date } {
  const day = parisParts(new Date(startsAt)).date;
  return { satisfaction: parisTime(addDays(day, 1), SURVEY_HOUR), followUp: parisTime(addMonths(day, FOLLOW_UP_MONTHS), SURVEY_HOUR) };
}

interface Context {
  baseUrl: string;
  programmeName: string;
}

/**
 * Schedules the surveys that follow a person's presence at a held session, in the caller's
 * transaction: the satisfaction survey of that session (the day after), and the follow-up of the
 * cycle (three months after the first session attended in it; one per person and cycle). Each is
 * an invitation (a random 256-bit link, only its hash kept) and an e-mail in the outbox, held
 * until its date and checked by the `survey_open` guard when it is due. Idempotent.
 */
export async function scheduleSurveys(tx: Executor, territoryId: number, ctx: Context, registrationId: number, at: Date): Promise<void> {
  const facts = await tx
    .selectFrom('registrations as r')
    .innerJoin('participants as p', 'p.id', 'r.participant_id')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .select(['r.participant_id', 'r.session_id', 's.cycle_id', 's.starts_at', 'p.email', 'p.first_name', 'p.anonymised_at', 'w.title as workshop'])
    .where('r.id', '=', registrationId)
    .executeTakeFirst();
  if (!facts || facts.anonymised_at) return;
  const due = surveyDueDates(facts.starts_at);
  for (const kind of ['satisfaction', 'follow_up'] as const) {
    if (kind === 'follow_up' && facts.cycle_id === null) continue;
    const dueAt = kind === 'satisfaction' ? due.satisfaction : due.followUp;
    const openDays = kind === 'satisfaction' ? SATISFACTION_OPEN_DAYS : FOLLOW_UP_OPEN_DAYS;
    // a session recorded long after the fact (a late correction) sends its survey now, not in the past
    const sendAt = dueAt < at ? at : dueAt;
    const token = crypto.randomBytes(32).toString('base64url');
    const inserted = await tx
      .insertInto('survey_invitations')
      .values({
        territory_id: territoryId,
        kind,
        participant_id: facts.participant_id,
        session_id: facts.session_id,
        cycle_id: facts.cycle_id,
        token_hash: sha256(token),
        due_at: sendAt.toISOString(),
        expires_at: new Date(sendAt.getTime() + openDays * 86400_000).toISOString(),
      })
      // ON CONFLICT (not a caught error, which would abort a PostgreSQL transaction): already asked.
      // The target repeats the partial index's predicate as a literal, as SQLite requires.
      .onConflict((oc) => (kind === 'satisfaction' ? oc.columns(['participant_id', 'session_id']).where(sql.ref('kind'), '=', sql.lit('satisfaction')) : oc.columns(['participant_id', 'cycle_id']).where(sql.ref('kind'), '=', sql.lit('follow_up'))).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) continue;
    await enqueueMail(tx, {
      kind: `survey.${kind}`,
      idempotencyKey: `survey:${inserted.id}`,
      notBefore: sendAt,
      guard: { name: 'survey_open', data: { invitationId: inserted.id } },
      mail: { to: facts.email, ...surveyMail(kind, ctx, { name: facts.first_name, workshop: facts.workshop, date: formatDate(facts.starts_at) }, token) },
    });
  }
}

function surveyMail(kind: SurveyKind, ctx: Context, vars: { name: string; workshop: string; date: string }, token: string) {
  const key = kind === 'satisfaction' ? 'satisfaction' : 'follow_up';
  const body = renderMail({
    title: t(`surveys.mail.${key}.title`),
    paragraphs: [t(`surveys.mail.${key}.body`, vars), t('surveys.mail.anonymous')],
    action: { label: t('surveys.mail.answer'), url: surveyUrl(ctx.baseUrl, token) },
    footer: t('registration.mail.signature', { programme: ctx.programmeName }),
  });
  return { subject: t(`surveys.mail.${key}.subject`, vars), ...body };
}

/**
 * The outbox guard of a survey e-mail: sent only while the invitation is unanswered and open, the
 * person still there (not erased) and still counted present (a correction may have undone it).
 */
export async function surveyOpen(db: Db, data: unknown): Promise<boolean> {
  const { invitationId } = (data ?? {}) as { invitationId?: number };
  if (typeof invitationId !== 'number') return false;
  const inv = await db
    .selectFrom('survey_invitations as i')
    .innerJoin('participants as p', 'p.id', 'i.participant_id')
    .select(['i.kind', 'i.participant_id', 'i.session_id', 'i.cycle_id', 'i.answered_on', 'i.expires_at', 'p.anonymised_at'])
    .where('i.id', '=', invitationId)
    .executeTakeFirst();
  if (!inv || inv.answered_on || inv.anonymised_at || inv.expires_at <= new Date().toISOString()) return false;
  const present = await db
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .select('r.id')
    .where('r.participant_id', '=', inv.participant_id)
    .where('r.status', '=', 'confirmed')
    .where('r.attendance', '=', 'present')
    .where('s.status', '=', 'held')
    .$if(inv.kind === 'satisfaction', (q) => q.where('s.id', '=', inv.session_id))
    .$if(inv.kind === 'follow_up', (q) => q.where('s.cycle_id', '=', inv.cycle_id!))
    .limit(1)
    .executeTakeFirst();
  return !!present;
}
