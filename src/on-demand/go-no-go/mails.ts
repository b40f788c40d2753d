import type { Executor } from '../../platform/db/database.js';
import { formatDate, formatSlot, t } from '../../platform/i18n/index.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import { renderMail } from '../../platform/mail/templates.js';
import { sessionIcs, type MailContext } from '../../registration/mails.js';
import type { RegistrationSession } from '../../registration/queries.js';

export type MergeOutcome = 'confirmed' | 'waitlisted' | 'already';

const where = (s: RegistrationSession) => `${s.venue_name}, ${s.venue_address}, ${s.postcodes.split(',')[0] ?? ''} ${s.commune_name}`;

/**
 * Tells one person that their session was merged into `target`: their new date, time and place
 * (with the calendar entry when they hold a seat). Queued in the merge's transaction, once per
 * registration of the merged session.
 */
export async function queueMergedMail(
  tx: Executor,
  ctx: MailContext,
  input: { sourceRegistrationId: number; source: { starts_at: string }; target: RegistrationSession; person: { first_name: string; email: string }; outcome: MergeOutcome; position: number | null; token: string; holdsSeat: boolean },
): Promise<void> {
  const { target: s, person } = input;
  const vars = { workshop: s.workshop_title, date: formatDate(s.starts_at), old: formatDate(input.source.starts_at), name: person.first_name, position: input.position ?? 0 };
  const mail = renderMail({
    title: t('gonogo.mail.title'),
    paragraphs: [t(`gonogo.mail.body.${input.outcome}`, vars), t('gonogo.mail.cancel_hint')],
    details: [
      [t('registration.mail.details.workshop'), s.workshop_title],
      [t('registration.mail.details.when'), formatSlot(s.starts_at, s.ends_at)],
      [t('registration.mail.details.where'), where(s)],
    ],
    action: { label: t('registration.mail.my_space'), url: `${ctx.baseUrl}/mes-inscriptions/acces?jeton=${encodeURIComponent(input.token)}` },
    footer: t('registration.mail.signature', { programme: ctx.programmeName }),
  });
  await enqueueMail(tx, {
    kind: 'session.merged',
    idempotencyKey: `registration:${input.sourceRegistrationId}:merged`,
    mail: {
      to: person.email,
      subject: t('gonogo.mail.subject', vars),
      ...mail,
      ...(!input.holdsSeat ? {} : { attachments: [{ filename: 'atelier.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: sessionIcs(ctx, s) }] }),
    },
  });
}
