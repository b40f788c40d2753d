import { render } from 'preact-render-to-string';
import type { ComponentChildren } from 'preact';
import { t } from '../i18n/index.js';

export interface MailContent {
  title: string;
  /** Each one a paragraph; a line break inside is kept. */
  paragraphs: string[];
  /**
   * A body written by the team (a campaign's Markdown), as rendered HTML and as its text. The HTML
   * must come from a renderer that escapes raw HTML (markdown-it with `html: false`): it is inserted as is.
   */
  rich?: { html: string; text: string };
  /** The one thing to do, as a link that reads well out of context. */
  action?: { label: string; url: string };
  /** Facts as label/value pairs (date, place, address…). */
  details?: Array<[string, string]>;
  footer?: string;
}

// E-mail clients ignore the site's stylesheet: a small embedded one (no quotes or ampersands,
// which the renderer would escape). The message stays readable without it.
const CSS = [
  'body { margin: 0; padding: 0; background: #ffffff; color: #1b1b1b; font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; }',
  '.mail { max-width: 38em; margin: 0 auto; padding: 24px 16px; }',
  'h1 { font-size: 22px; line-height: 1.3; margin: 0 0 16px; }',
  'p { margin: 0 0 16px; }',
  'a { color: #004a8f; }',
  'a.button { display: inline-block; background: #004a8f; color: #ffffff; font-weight: bold; text-decoration: none; padding: 12px 20px; border-radius: 6px; }',
  'table.details { border-collapse: collapse; margin: 0 0 16px; }',
  'table.details th, table.details td { text-align: left; vertical-align: top; padding: 4px 16px 4px 0; }',
  'hr { border: 0; border-top: 1px solid #c9d3dd; margin: 24px 0 16px; }',
  '.footer { color: #4a4a4a; font-size: 14px; }',
].join('\n');

function Lines({ text }: { text: string }) {
  const lines = text.split('\n');
  const out: ComponentChildren[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push(<br />);
    out.push(line);
  });
  return <>{out}</>;
}

function MailDocument({ title, paragraphs, rich, action, details, footer }: MailContent) {
  return (
    <html lang="fr" dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <style>{CSS}</style>
      </head>
      <body>
        <div class="mail" role="article" aria-roledescription={t('mail.template.role')} aria-label={title} lang="fr">
          <h1>{title}</h1>
          {paragraphs.map((p) => (
            <p>
              <Lines text={p} />
            </p>
          ))}
          {rich ? <div dangerouslySetInnerHTML={{ __html: rich.html }} /> : null}
          {details?.length ? (
            <table class="details">
              <tbody>
                {details.map(([label, value]) => (
                  <tr>
                    <th scope="row">{label}</th>
                    <td>
                      <Lines text={value} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {action ? (
            <p>
              <a class="button" href={action.url}>
                {action.label}
              </a>
            </p>
          ) : null}
          {footer ? (
            <>
              <hr />
              <p class="footer">
                <Lines text={footer} />
              </p>
            </>
          ) : null}
        </div>
      </body>
    </html>
  );
}

/** The plain-text twin: the same content in the same order, the link spelled out. */
function plainText({ title, paragraphs, rich, action, details, footer }: MailContent): string {
  const blocks = [title, ...paragraphs];
  if (rich) blocks.push(rich.text.trim());
  if (details?.length) blocks.push(details.map(([label, value]) => `${label} : ${value.replace(/\n/g, '\n  ')}`).join('\n'));
  if (action) blocks.push(`${action.label} :\n${action.url}`);
  let text = blocks.join('\n\n');
  if (footer) text += `\n\n-- \n${footer}`; // the usual signature separator: mail clients dim what follows
  return `${text}\n`;
}

/** A French, accessible e-mail: title, paragraphs, an optional call to action, a footer line; both versions. */
export function renderMail(input: MailContent): { html: string; text: string } {
  if (input.action && !/^https?:\/\//.test(input.action.url)) throw new Error('renderMail: the action needs an absolute http(s) URL');
  return { html: `<!DOCTYPE html>${render(<MailDocument {...input} />)}`, text: plainText(input) };
}
