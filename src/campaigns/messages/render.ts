import MarkdownIt from 'markdown-it';
import { formatSlot, t } from '../../platform/i18n/index.js';
import type { OutgoingMail } from '../../platform/mail/outbox.js';
import { renderMail } from '../../platform/mail/templates.js';
import { unsubscribeHeaders, unsubscribeToken, unsubscribeUrl } from '../unsubscribe.js';

// Raw HTML in the Markdown is escaped, never passed through; bare addresses become links.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

export interface CampaignFacts {
  id: number;
  ref: string;
  subject: string;
  body: string;
}

export interface BlockSession {
  id: number;
  starts_at: string;
  ends_at: string;
  workshop_title: string;
  venue_name: string;
  commune_name: string;
}

export interface CampaignContext {
  territoryId: number;
  baseUrl: string;
  programmeName: string;
  publisher: string;
  secret: string;
}

/** A link of the programme's site carries the campaign's reference (no tracking pixel, no redirect). */
export function withRef(url: string, baseUrl: string, ref: string): string {
  if (!url.startsWith(baseUrl)) return url;
  const u = new URL(url);
  u.searchParams.set('ref', ref);
  return u.toString();
}

/** The campaign's Markdown as HTML (links of the site tagged with the reference) and as text. */
export function renderBody(body: string, ctx: Pick<CampaignContext, 'baseUrl'>, ref: string, firstName: string | null) {
  const text = body.replaceAll('{prénom}', firstName ?? '').replaceAll('{prenom}', firstName ?? '');
  const env = {};
  const tokens = markdown.parse(text, env);
  for (const block of tokens) {
    for (const tok of block.children ?? []) {
      if (tok.type === 'link_open') {
        const href = tok.attrGet('href');
        if (href) tok.attrSet('href', withRef(href, ctx.baseUrl, ref));
      }
    }
  }
  // the text version: the same Markdown, readable as is, its site links tagged too
  return { html: markdown.renderer.render(tokens, markdown.options, env), text: text.replace(/https?:\/\/[^\s)<>\]]+/g, (u) => withRef(u, ctx.baseUrl, ref)) };
}

/**
 * One contact's message: the text, the next sessions nearest to them (each a link to register,
 * tagged with the reference), the programme's identity, why they receive it, and one-click
 * unsubscribe (RFC 8058 headers and a link).
 */
export function renderCampaignMail(
  campaign: CampaignFacts,
  contact: { email: string; first_name: string | null; lawful_basis: 'consentement' | 'interet_legitime' },
  sessions: BlockSession[],
  ctx: CampaignContext,
): Omit<OutgoingMail, 'to'> {
  const link = (path: string) => withRef(`${ctx.baseUrl}${path}`, ctx.baseUrl, campaign.ref);
  const unsubscribe = `${unsubscribeUrl(ctx.baseUrl, unsubscribeToken(ctx.secret, ctx.territoryId, contact.email))}?campagne=${campaign.id}`;
  const rich = renderBody(campaign.body, ctx, campaign.ref, contact.first_name);
  const mail = renderMail({
    title: campaign.subject,
    paragraphs: [],
    rich,
    details: sessions.map((s) => [formatSlot(s.starts_at, s.ends_at), `${s.workshop_title} — ${s.venue_name}, ${s.commune_name}\n${link(`/seances/${s.id}`)}`]),
    action: { label: t('campaigns.mail.all_sessions'), url: link('/ateliers') },
    footer: [
      t('campaigns.mail.identity', { programme: ctx.programmeName, publisher: ctx.publisher }),
      t(contact.lawful_basis === 'consentement' ? 'campaigns.mail.why.consent' : 'campaigns.mail.why.interest'),
      t('campaigns.mail.unsubscribe', { url: unsubscribe }),
    ].join('\n'),
  });
  const host = new URL(ctx.baseUrl).hostname;
  return { subject: campaign.subject, ...mail, headers: unsubscribeHeaders(unsubscribe, `<campagnes.${ctx.territoryId}.${host}>`) };
}
