import type { Executor } from '../platform/db/database.js';
import { formatDate, formatSlot, t } from '../platform/i18n/index.js';
import { enqueueMail, type MailToQueue } from '../platform/mail/outbox.js';
import { renderMail } from '../platform/mail/templates.js';
import { sessionUid } from '../feeds/calendar.js';
import { icalGenerator } from '../feeds/ical.js';
import { otherDates, sessionForRegistration, type RegistrationSession } from './queries.js';
import { issueAccessToken } from './tokens.js';

export interface MailContext {
  baseUrl: string;
  programmeName: string;
}

type Person = { first_name: string; last_name: string; email: string };
type Kind = 'confirmation' | 'waitlist' | 'promotion' | 'cancellation';

const where = (s: RegistrationSession) => `${s.venue_name}, ${s.venue_address}, ${s.postcodes.split(',')[0] ?? ''} ${s.commune_name}`;

/** The calendar entry of one session (same UID as in the public feeds, times as UTC instants). */
export function sessionIcs(ctx: MailContext, s: RegistrationSession): string {
  const { default: ical, ICalCalendarMethod } = icalGenerator();
  const calendar = ical({ name: ctx.programmeName, prodId: { company: 'Boutic', product: 'inscription', language: 'FR' }, method: ICalCalendarMethod.PUBLISH });
  calendar.createEvent({
    id: sessionUid(ctx.baseUrl, s.id),
    sequence: s.sequence,
    start: new Date(s.starts_at),
    end: new Date(s.ends_at),
    summary: s.workshop_title,
    description: `${s.workshop_summary}\n\n${ctx.baseUrl}/seances/${s.id}`,
    location: where(s),
    url: `${ctx.baseUrl}/seances/${s.id}`,
  });
  return calendar.toString();
}

const spaceUrl = (ctx: MailContext, token: string) => `${ctx.baseUrl}/mes-inscriptions/acces?jeton=${encodeURIComponent(token)}`;

type RegistrationMailInput = { kind: Kind; registrationId: number; session: RegistrationSession; person: Person; token: string; position: number | null };

/** Puts the e-mail for a registration event in the outbox, in the caller's transaction. */
export async function queueRegistrationMail(tx: Executor, ctx: MailContext, input: RegistrationMailInput): Promise<void> {
  await enqueueMail(tx, registrationMail(ctx, input));
}

/** The e-mail for a registration event, to queue (with `enqueueMails`, several in one statement). */
export function registrationMail(ctx: MailContext, input: RegistrationMailInput): MailToQueue {
  const { kind, session: s, person } = input;
  const vars = { workshop: s.workshop_title, date: formatDate(s.starts_at), name: person.first_name, position: input.position ?? 0 };
  const mail = renderMail({
    title: t(`registration.mail.${kind}.title`),
    paragraphs: [t(`registration.mail.${kind}.body`, vars)],
    details: [
      [t('registration.mail.details.workshop'), s.workshop_title],
      [t('registration.mail.details.when'), formatSlot(s.starts_at, s.ends_at)],
      [t('registration.mail.details.where'), where(s)],
    ],
    action: { label: t('registration.mail.my_space'), url: spaceUrl(ctx, input.token) },
    footer: t('registration.mail.signature', { programme: ctx.programmeName }),
  });
  const withCalendar = kind === 'confirmation' || kind === 'promotion';
  return {
    kind: `registration.${kind}`,
    idempotencyKey: `registration:${input.registrationId}:${kind}`, // each happens at most once to a registration
    mail: {
      to: person.email,
      subject: t(`registration.mail.${kind}.subject`, vars),
      ...mail,
      ...(withCalendar ? { attachments: [{ filename: 'atelier.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: sessionIcs(ctx, s) }] } : {}),
    },
  };
}

/**
 * The reminder, due `reminderDays` before the session. Its guard makes the worker check, when
 * it is due, that the registration is still confirmed and the session still scheduled at that time.
 */
export async function queueReminder(tx: Executor, ctx: MailContext, input: ReminderInput): Promise<void> {
  const mail = reminderMail(ctx, input);
  if (mail) await enqueueMail(tx, mail);
}

type ReminderInput = { registrationId: number; session: RegistrationSession; person: Person; reminderDays: number; at: Date };

/** The reminder to queue, or null when none is due (no delay set, or registered less than the delay before). */
export function reminderMail(ctx: MailContext, input: ReminderInput): MailToQueue | null {
  if (input.reminderDays <= 0) return null;
  const due = new Date(Date.parse(input.session.starts_at) - input.reminderDays * 86400_000);
  if (due.getTime() <= input.at.getTime()) return null; // registered less than the delay before: the confirmation is enough
  const { session: s, person } = input;
  const vars = { workshop: s.workshop_title, date: formatDate(s.starts_at), name: person.first_name };
  const mail = renderMail({
    title: t('registration.mail.reminder.title'),
    paragraphs: [t('registration.mail.reminder.body', vars)],
    details: [
      [t('registration.mail.details.workshop'), s.workshop_title],
      [t('registration.mail.details.when'), formatSlot(s.starts_at, s.ends_at)],
      [t('registration.mail.details.where'), where(s)],
    ],
    action: { label: t('registration.mail.my_space'), url: `${ctx.baseUrl}/mes-inscriptions/lien` },
    footer: t('registration.mail.signature', { programme: ctx.programmeName }),
  });
  return {
    kind: 'registration.reminder',
    idempotencyKey: `registration:${input.registrationId}:reminder:${s.starts_at}`,
    notBefore: due,
    guard: { name: 'registration_live', data: { registrationId: input.registrationId, startsAt: s.starts_at } },
    mail: { to: person.email, subject: t('registration.mail.reminder.subject', vars), ...mail },
  };
}

/** Sends a fresh link to « Mes inscriptions » (asked from the link page). */
export async function queueAccessLink(tx: Executor, ctx: MailContext, input: { participantId: number; person: Person; token: string }): Promise<void> {
  const mail = renderMail({
    title: t('registration.mail.link.title'),
    paragraphs: [t('registration.mail.link.body', { name: input.person.first_name })],
    action: { label: t('registration.mail.my_space'), url: spaceUrl(ctx, input.token) },
    footer: t('registration.mail.signature', { programme: ctx.programmeName }),
  });
  await enqueueMail(tx, {
    kind: 'participant.access_link',
    idempotencyKey: `participant:${input.participantId}:link:${input.token.slice(0, 16)}`,
    mail: { to: input.person.email, subject: t('registration.mail.link.subject'), ...mail },
  });
}

/**
 * Tells everyone holding a live registration that the coordinator cancelled or moved the session
 * (with the updated calendar entry when moved). Called in the planning command's transaction.
 */
export async function queueSessionChangeMails(
  tx: Executor,
  ctx: MailContext & { territoryId: number; reminderDays?: number },
  input: { sessionId: number; change: 'cancelled' | 'moved'; reason?: string | null },
): Promise<number> {
  const s = await sessionForRegistration(tx, ctx.territoryId, input.sessionId);
  if (!s) return 0;
  const people = await tx
    .selectFrom('registrations as r')
    .innerJoin('participants as p', 'p.id', 'r.participant_id')
    .select(['r.id', 'r.status', 'r.participant_id', 'p.first_name', 'p.last_name', 'p.email'])
    .where('r.session_id', '=', input.sessionId)
    .where('r.status', '<>', 'cancelled')
    .where('p.anonymised_at', 'is', null)
    .execute();
  // a cancelled session offers the workshop's other upcoming dates, each with its address
  const others = input.change === 'cancelled' ? await otherDates(tx, s.workshop_id, s.id, new Date()) : [];
  const othersText = others.length
    ? [t('registration.mail.session_cancelled.others'), others.map((o) => `– ${formatSlot(o.starts_at, o.ends_at)}, ${o.venue_name} (${o.seats_taken < o.seats ? t('registration.mail.session_cancelled.free', { count: o.seats - o.seats_taken }) : t('registration.mail.session_cancelled.full')}) : ${ctx.baseUrl}/seances/${o.id}`).join('\n')]
    : input.change === 'cancelled'
      ? [t('registration.mail.session_cancelled.no_others')]
      : [];
  for (const p of people) {
    const token = await issueAccessToken(tx, p.participant_id);
    const vars = { workshop: s.workshop_title, date: formatDate(s.starts_at), name: p.first_name, reason: input.reason ?? '' };
    const mail = renderMail({
      title: t(`registration.mail.session_${input.change}.title`),
      paragraphs: [t(`registration.mail.session_${input.change}.body`, vars), ...(input.reason ? [t('registration.mail.session_cancelled.reason', vars)] : []), ...othersText],
      details: [
        [t('registration.mail.details.workshop'), s.workshop_title],
        [t('registration.mail.details.when'), formatSlot(s.starts_at, s.ends_at)],
        [t('registration.mail.details.where'), where(s)],
      ],
      action: { label: t('registration.mail.my_space'), url: spaceUrl(ctx, token) },
      footer: t('registration.mail.signature', { programme: ctx.programmeName }),
    });
    await enqueueMail(tx, {
      kind: `registration.session_${input.change}`,
      idempotencyKey: `registration:${p.id}:session_${input.change}:${s.sequence}`,
      mail: {
        to: p.email,
        subject: t(`registration.mail.session_${input.change}.subject`, vars),
        ...mail,
        ...(input.change === 'moved' ? { attachments: [{ filename: 'atelier.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: sessionIcs(ctx, s) }] } : {}),
      },
    });
    // the old reminder names the old time and will be skipped by its guard: queue one for the new time
    if (input.change === 'moved' && p.status === 'confirmed' && ctx.reminderDays) {
      await queueReminder(tx, ctx, { registrationId: p.id, session: s, person: p, reminderDays: ctx.reminderDays, at: new Date() });
    }
  }
  return people.length;
}
