import type MarkdownIt from 'markdown-it';
import { formatSlot, t } from '../../platform/i18n/index.js';
import type { OutgoingMail } from '../../platform/mail/outbox.js';
import { onFirstUse } from '../../platform/lazy.js';
import { renderMail } from '../../platform/mail/templates.js';
import { unsubscribeHeaders, unsubscribeToken, unsubscribeUrl } from '../unsubscribe.js';

// Raw HTML in the Markdown is escaped, never passed through; bare addresses become links. Built when
// the first campaign is rendered: markdown-it and its link finder weigh about 1.3 MB of memory.
const markdownIt = onFirstUse<typeof MarkdownIt>('markdown-it');
let parser: MarkdownIt | undefined;
const markdown = () => (parser ??= new (markdownIt())({ html: false, linkify: true, typographer: false }));

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

/** `{prénom}` (or `{prenom}`) replaced by the first name; without one, dropped with the space before it (« Bonjour, »). */
export function withFirstName(text: string, firstName: string | null): string {
  return text.replace(/ ?\{pr[ée]nom\}/g, (m) => (firstName ? m.replace(/\{pr[ée]nom\}/, firstName) : ''));
}

/** The campaign's Markdown as HTML (links of the site tagged with the reference) and as plain text. */
export function renderBody(body: string, ctx: Pick<CampaignContext, 'baseUrl'>, ref: string, firstName: string | null) {
  const env = {};
  const md = markdown();
  const tokens = md.parse(withFirstName(body, firstName), env);
  for (const block of tokens) {
    for (const tok of block.children ?? []) {
      if (tok.type === 'link_open') {
        const href = tok.attrGet('href');
        if (href) tok.attrSet('href', withRef(href, ctx.baseUrl, ref));
      }
    }
  }
  return { html: md.renderer.render(tokens, md.options, env), text: plainText(tokens).replace(/https?:\/\/[^\s)<>\]]+/g, (u) => withRef(u, ctx.baseUrl, ref)) };
}

type MdToken = ReturnType<MarkdownIt['parse']>[number];

/**
 * The text version of the Markdown, for mail clients without HTML: no markup left (« **mot** »
 * reads « mot »), a link as its text and its address in brackets, lists with dashes or numbers,
 * paragraphs apart.
 */
export function plainText(tokens: MdToken[]): string {
  const out: string[] = [];
  const lists: Array<{ ordered: boolean; n: number }> = [];
  let quote = 0;
  let itemStart = false;
  const inline = (children: MdToken[]) => {
    let line = '';
    const links: string[] = [];
    let linkText = '';
    for (const c of children) {
      if (c.type === 'text' || c.type === 'code_inline') {
        line += c.content;
        linkText += c.content;
      } else if (c.type === 'softbreak' || c.type === 'hardbreak') line += '\n';
      else if (c.type === 'image') line += c.content;
      else if (c.type === 'link_open') {
        links.push(c.attrGet('href') ?? '');
        linkText = '';
      } else if (c.type === 'link_close') {
        const href = links.pop() ?? '';
        if (href && href !== linkText && `mailto:${linkText}` !== href) line += ` (${href})`;
      }
    }
    return line;
  };
  for (const tok of tokens) {
    const prefix = '> '.repeat(quote);
    if (tok.type === 'blockquote_open') quote++;
    else if (tok.type === 'blockquote_close') quote--;
    else if (tok.type === 'list_item_open') itemStart = true;
    else if (tok.type === 'bullet_list_open' || tok.type === 'ordered_list_open') lists.push({ ordered: tok.type === 'ordered_list_open', n: Number(tok.attrGet('start') ?? 1) });
    else if (tok.type === 'bullet_list_close' || tok.type === 'ordered_list_close') {
      lists.pop();
      if (!lists.length) out.push('');
    } else if (tok.type === 'inline') {
      const list = lists[lists.length - 1];
      const text = inline(tok.children ?? []);
      if (list) {
        const indent = '  '.repeat(lists.length - 1);
        const bullet = itemStart ? `${list.ordered ? `${list.n++}.` : '-'} ` : '  ';
        itemStart = false;
        out.push(`${prefix}${indent}${bullet}${text.replaceAll('\n', `\n${prefix}${indent}  `)}`);
      } else out.push(prefix + text.replaceAll('\n', `\n${prefix}`));
    } else if ((tok.type === 'paragraph_close' || tok.type === 'heading_close') && !lists.length) out.push('');
    else if (tok.type === 'fence' || tok.type === 'code_block') out.push(tok.content.trimEnd(), '');
    else if (tok.type === 'hr') out.push('—', '');
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
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
