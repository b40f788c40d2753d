import type { Executor } from '../../platform/db/database.js';
import type { SharedField } from '../../platform/db/schema.js';
import { t, type MessageKey } from '../../platform/i18n/index.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import { renderMail } from '../../platform/mail/templates.js';

export interface ReferralMailContext {
  baseUrl: string;
  programmeName: string;
}

/**
 * The two messages of a new referral, written in its transaction (outbox): the leader is told what
 * was sent and to whom; the partner's contact gets a notice WITHOUT personal data, only a link to
 * sign in (an e-mail box is not the place for what the leader agreed to share).
 */
export async function queueReferralMails(
  tx: Executor,
  ctx: ReferralMailContext,
  input: { referralId: number; person: { email: string; first_name: string }; partner: { name: string; contact_email: string | null }; shared: SharedField[] },
): Promise<void> {
  const fields = input.shared.map((f) => t(`referrals.field.shared.${f}` as MessageKey).toLowerCase()).join(', ');
  const leader = renderMail({
    title: t('referrals.mail.leader.title'),
    paragraphs: [
      t('referrals.mail.leader.body', { name: input.person.first_name, partner: input.partner.name }),
      t('referrals.mail.leader.shared', { fields }),
      t('referrals.mail.leader.withdraw', { partner: input.partner.name }),
    ],
    footer: t('registration.mail.signature', { programme: ctx.programmeName }),
  });
  await enqueueMail(tx, {
    kind: 'referral.leader',
    idempotencyKey: `referral:${input.referralId}:leader`,
    mail: { to: input.person.email, subject: t('referrals.mail.leader.subject', { partner: input.partner.name }), ...leader },
  });
  if (!input.partner.contact_email) return;
  const partner = renderMail({
    title: t('referrals.mail.partner.title'),
    paragraphs: [t('referrals.mail.partner.body', { programme: ctx.programmeName, partner: input.partner.name })],
    action: { label: t('referrals.mail.partner.action'), url: `${ctx.baseUrl}/equipe/orientations` },
    footer: t('registration.mail.signature', { programme: ctx.programmeName }),
  });
  await enqueueMail(tx, {
    kind: 'referral.partner',
    idempotencyKey: `referral:${input.referralId}:partner`,
    mail: { to: input.partner.contact_email, subject: t('referrals.mail.partner.subject'), ...partner },
  });
}
