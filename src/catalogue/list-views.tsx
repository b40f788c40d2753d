import { t } from '../platform/i18n/index.js';
import { FilterForm, Pagination, SessionCards } from './components.js';
import { filterParams, hrefWith, type PublicFilters } from './filters.js';
import { formatDuration, levelLabel, themeLabel } from './format.js';
import type { CatalogueChoices, SessionSummary, WorkshopSummary } from './queries.js';

/** The published workshops by theme (themes in French alphabetical order), each linking to its page. */
function WorkshopsByTheme({ workshops }: { workshops: WorkshopSummary[] }) {
  const byTheme = new Map<string, WorkshopSummary[]>();
  for (const w of workshops) byTheme.set(w.theme, [...(byTheme.get(w.theme) ?? []), w]);
  const groups = [...byTheme.entries()].map(([theme, list]) => ({ theme, label: themeLabel(theme), list })).sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  if (groups.length === 0) return <p>{t('catalogue.workshops.none')}</p>;
  return (
    <>
      {groups.map((g, i) => (
        <section key={g.theme} aria-labelledby={`theme-${i + 1}`} class="theme-group">
          <h3 id={`theme-${i + 1}`}>{g.label}</h3>
          <ul class="workshop-list">
            {g.list.map((w) => (
              <li key={w.slug}>
                <a href={`/ateliers/${encodeURIComponent(w.slug)}`}>{w.title}</a>
                <span class="workshop-meta">{` — ${levelLabel(w.level)}, ${formatDuration(w.duration_minutes)}`}</span>
                <p>{w.summary}</p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

export function CataloguePage(props: {
  choices: CatalogueChoices;
  filters: PublicFilters;
  currentMonth: string;
  sessions: SessionSummary[];
  total: number;
  page: number;
  pages: number;
}) {
  const { choices, filters, sessions, total, page, pages } = props;
  // the workshop list follows the filters that describe a workshop (theme, level); the others are about dates and places
  const workshops = choices.workshops.filter((w) => (!filters.theme || w.theme === filters.theme) && (!filters.level || w.level === filters.level));
  return (
    <>
      <h1>{t('catalogue.title')}</h1>
      <p class="lead">{t('catalogue.intro')}</p>
      <FilterForm action="/ateliers" choices={choices} filters={filters} month={{ kind: 'select', current: props.currentMonth }} />
      <p class="view-switch">
        <a href={hrefWith('/calendrier', filterParams(filters))}>{t('catalogue.view.calendar')}</a>
      </p>
      <section aria-labelledby="seances">
        <h2 id="seances">{t('catalogue.sessions.heading')}</h2>
        <p>{t('catalogue.sessions.count', { count: total })}</p>
        {sessions.length === 0 ? <p>{t('catalogue.sessions.none')}</p> : <SessionCards sessions={sessions} heading="workshop" />}
        <Pagination filters={filters} page={page} pages={pages} />
      </section>
      <section aria-labelledby="catalogue-ateliers">
        <h2 id="catalogue-ateliers">{t('catalogue.workshops.heading')}</h2>
        <WorkshopsByTheme workshops={workshops} />
      </section>
    </>
  );
}
