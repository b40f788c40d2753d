import crypto from 'node:crypto';
import type { Executor } from '../../platform/db/database.js';
import { t } from '../../platform/i18n/index.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import { renderMail } from '../../platform/mail/templates.js';

export interface DiagnosticMailContext {
  baseUrl: string;
  programmeName: string;
}

export const resultPath = (token: string) => `/diagnostic/resultat/${encodeURIComponent(token)}`;

/** The link of a result, mailed to the address the leader gave; once per result and address. */
export async function queueResultMail(tx: Executor, ctx: DiagnosticMailContext, input: { resultId: number; token: string; email: string; keepToken: string | null }): Promise<void> {
  const mail = renderMail({
    title: t('diagnostic.mail.title'),
    paragraphs: input.keepToken ? [t('diagnostic.mail.body'), t('diagnostic.mail.keep')] : [t('diagnostic.mail.body')],
    action: { label: t('diagnostic.mail.action'), url: `${ctx.baseUrl}${resultPath(input.token)}${input.keepToken ? `?garder=${encodeURIComponent(input.keepToken)}` : ''}` },
    footer: t('diagnostic.mail.signature', { programme: ctx.programmeName }),
  });
  const address = crypto.createHash('sha256').update(input.email.toLowerCase()).digest('hex').slice(0, 32);
  await enqueueMail(tx, {
    kind: 'diagnostic.result',
    idempotencyKey: `diagnostic:${input.resultId}:keep:${address}`,
    mail: { to: input.email, subject: t('diagnostic.mail.subject'), ...mail },
  });
}
