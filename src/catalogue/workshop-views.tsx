import { t } from '../platform/i18n/index.js';
import { SessionCards } from './components.js';
import { hrefWith } from './filters.js';
import { formatDuration, levelLabel, safeWebUrl, themeLabel } from './format.js';
import { SHORT_LIST, type SessionSummary, type WorkshopDetails } from './queries.js';
import { JsonLd } from './json-ld.js';
import { faqJsonLd, WorkshopFaq } from '../facilitation/questions/views.js';
import type { PublishedQuestion } from '../facilitation/questions/queries.js';

/** Text typed in a textarea, as paragraphs (blank lines separate them). */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p, i) => (
          <p key={i}>{p}</p>
        ))}
    </>
  );
}

/** Objectives are typed as one line separated by semicolons (« Faire ceci ; faire cela »): a list when there are several. */
function Objectives({ text }: { text: string }) {
  const items = text
    .split(/\s*[;\n]\s*/)
    .map((s) => s.replace(/\.$/, '').trim())
    .filter(Boolean)
    .map((s) => s.charAt(0).toLocaleUpperCase('fr') + s.slice(1));
  if (items.length <= 1) return <p>{text}</p>;
  return (
    <ul>
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

/** « Pour aller plus loin : CCI — Lancer sa boutique en ligne », a link when the address is a web one. */
function FollowOn({ w }: { w: WorkshopDetails }) {
  const offer = [w.follow_on_partner, w.follow_on_title].filter((x): x is string => !!x && x.trim() !== '').join(' — ');
  if (!offer) return null;
  const url = safeWebUrl(w.follow_on_url);
  return (
    <p class="follow-on">
      {`${t('catalogue.workshop.follow_on')} `}
      {url ? <a href={url}>{offer}</a> : offer}
    </p>
  );
}

export function WorkshopPage({ workshop: w, sessions, questions = [] }: { workshop: WorkshopDetails; sessions: SessionSummary[]; questions?: PublishedQuestion[] }) {
  const faq = faqJsonLd(questions);
  const shown = sessions.slice(0, SHORT_LIST);
  return (
    <>
      <p class="breadcrumb">
        <a href="/ateliers">{t('catalogue.workshop.back')}</a>
      </p>
      <h1>{w.title}</h1>
      <p class="lead">{w.summary}</p>
      <dl class="facts">
        <div>
          <dt>{t('catalogue.workshop.theme')}</dt>
          <dd>{themeLabel(w.theme)}</dd>
        </div>
        <div>
          <dt>{t('catalogue.workshop.level')}</dt>
          <dd>{levelLabel(w.level)}</dd>
        </div>
        <div>
          <dt>{t('catalogue.workshop.duration')}</dt>
          <dd>{formatDuration(w.duration_minutes)}</dd>
        </div>
        <div>
          <dt>{t('catalogue.workshop.prerequisites')}</dt>
          <dd>{w.prerequisites ?? t('catalogue.workshop.prerequisites.none')}</dd>
        </div>
      </dl>
      {w.description ? (
        <section aria-labelledby="presentation">
          <h2 id="presentation">{t('catalogue.workshop.description')}</h2>
          <Paragraphs text={w.description} />
        </section>
      ) : null}
      {w.objectives ? (
        <section aria-labelledby="objectifs">
          <h2 id="objectifs">{t('catalogue.workshop.objectives')}</h2>
          <Objectives text={w.objectives} />
        </section>
      ) : null}
      <FollowOn w={w} />
      <section aria-labelledby="dates">
        <h2 id="dates">{t('catalogue.workshop.next_sessions')}</h2>
        {shown.length === 0 ? <p>{t('catalogue.workshop.no_sessions')}</p> : <SessionCards sessions={shown} heading="date" />}
        <ul class="link-list">
          {sessions.length > SHORT_LIST ? (
            <li>
              <a href={hrefWith('/ateliers', { theme: w.theme })}>{t('catalogue.workshop.more_sessions', { theme: themeLabel(w.theme) })}</a>
            </li>
          ) : null}
          <li>
            <a href={`/ateliers/${encodeURIComponent(w.slug)}/agenda.ics`}>{t('catalogue.feed.workshop')}</a>
          </li>
          <li>
            <a href={`/ateliers/demande?atelier=${encodeURIComponent(w.slug)}`}>{t('catalogue.workshop.ask')}</a>
          </li>
        </ul>
      </section>
      <WorkshopFaq questions={questions} />
      {faq ? <JsonLd data={faq} /> : null}
    </>
  );
}
