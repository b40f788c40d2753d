import { formatSlot, t } from '../platform/i18n/index.js';
import { CheckboxField, SelectField, type FieldErrors } from '../platform/layout/forms.js';
import { filterParams, hrefWith, LEVELS, shiftMonth, type PublicFilters } from './filters.js';
import { formatMonth, levelLabel, seatsLeft, themeLabel } from './format.js';
import type { CatalogueChoices, SessionSummary } from './queries.js';

/** « Annulée », « Complet » or « 3 places restantes », and the beginners' badge. */
export function SessionBadges({ s }: { s: Pick<SessionSummary, 'status' | 'seats' | 'seats_taken' | 'beginner'> }) {
  const left = seatsLeft(s);
  return (
    <>
      {s.status === 'cancelled' ? (
        <span class="badge badge-cancelled">{t('catalogue.session.cancelled')}</span>
      ) : left === 0 ? (
        <span class="badge badge-full">{t('catalogue.session.full')}</span>
      ) : (
        <span class="badge">{left === 1 ? t('catalogue.session.seat_left') : t('catalogue.session.seats_left', { count: left })}</span>
      )}
      {s.beginner ? <span class="badge badge-beginner">{t('catalogue.session.beginner')}</span> : null}
    </>
  );
}

/**
 * A list of sessions as cards. `heading` says what names each card: the workshop (catalogue,
 * venue page) or the date (a workshop's page, where the title would repeat the h1).
 */
export function SessionCards({ sessions, heading, showVenue = true }: { sessions: SessionSummary[]; heading: 'workshop' | 'date'; showVenue?: boolean }) {
  return (
    <ul class="session-list">
      {sessions.map((s) => {
        const when = formatSlot(s.starts_at, s.ends_at);
        return (
          <li key={s.id} class={s.status === 'cancelled' ? 'session-card session-cancelled' : 'session-card'}>
            <h3>
              {heading === 'workshop' ? (
                <a href={`/seances/${s.id}`}>
                  {s.workshop_title}
                  {/* several cards may bear one title: the date makes each link unique in a list of links */}
                  <span class="visually-hidden">{`, ${when}`}</span>
                </a>
              ) : (
                <a href={`/seances/${s.id}`}>{when}</a>
              )}
            </h3>
            {heading === 'workshop' ? <p class="session-when">{when}</p> : null}
            {showVenue ? <p class="session-where">{t('catalogue.session.at', { venue: s.venue_name, commune: s.commune_name })}</p> : null}
            <p class="session-meta">
              <SessionBadges s={s} />
            </p>
          </li>
        );
      })}
    </ul>
  );
}

/** The next twelve months (Paris), plus the chosen one if it lies elsewhere. */
function monthOptions(currentMonth: string, chosen: string | undefined) {
  const months = Array.from({ length: 12 }, (_, i) => shiftMonth(currentMonth, i));
  if (chosen && !months.includes(chosen)) months.push(chosen);
  return months.sort().map((m) => ({ value: m, label: formatMonth(m) }));
}

/**
 * The GET form of filters: it works without JavaScript and its result is a URL one can share.
 * `month` is a select on the list, a hidden field on the calendar (whose months are its pages).
 */
export function FilterForm(props: {
  action: string;
  choices: CatalogueChoices;
  filters: PublicFilters;
  month: { kind: 'select'; current: string } | { kind: 'hidden'; value: string };
}) {
  const { action, choices, filters, month } = props;
  const none: FieldErrors = {};
  const communes = [...new Map(choices.venues.map((v) => [v.commune_code, v.commune_name])).entries()]
    .sort((a, b) => a[1].localeCompare(b[1], 'fr'))
    .map(([value, label]) => ({ value, label }));
  const themes = [...choices.themes].map((th) => ({ value: th, label: themeLabel(th) })).sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  return (
    <form method="get" action={action} class="filters" aria-label={t('catalogue.filters.label')}>
      <SelectField name="lieu" label={t('catalogue.filters.venue')} value={filters.venueSlug} errors={none} placeholder={t('catalogue.filters.venue.all')} options={choices.venues.map((v) => ({ value: v.slug, label: v.name }))} />
      <SelectField name="commune" label={t('catalogue.filters.commune')} value={filters.communeCode} errors={none} placeholder={t('catalogue.filters.commune.all')} options={communes} />
      <SelectField name="theme" label={t('catalogue.filters.theme')} value={filters.theme} errors={none} placeholder={t('catalogue.filters.theme.all')} options={themes} />
      <SelectField name="niveau" label={t('catalogue.filters.level')} value={filters.level} errors={none} placeholder={t('catalogue.filters.level.all')} options={LEVELS.map((l) => ({ value: l, label: levelLabel(l) }))} />
      {month.kind === 'select' ? (
        <SelectField name="mois" label={t('catalogue.filters.month')} value={filters.month} errors={none} placeholder={t('catalogue.filters.month.all')} options={monthOptions(month.current, filters.month)} />
      ) : (
        <input type="hidden" name="mois" value={month.value} />
      )}
      <CheckboxField name="places" label={t('catalogue.filters.seats')} checked={filters.withSeats} errors={none} />
      <div class="field filter-actions">
        <button type="submit" class="button button-secondary">
          {t('catalogue.filters.submit')}
        </button>
        <a href={month.kind === 'hidden' ? hrefWith(action, { mois: month.value }) : action}>{t('catalogue.filters.reset')}</a>
      </div>
    </form>
  );
}

/** The pages to offer: the first, the last, and two either side of the current one; null marks a gap. */
export function pageWindow(page: number, pages: number): Array<number | null> {
  const wanted = new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((p) => p >= 1 && p <= pages));
  const sorted = [...wanted].sort((a, b) => a - b);
  return sorted.flatMap((p, i) => (i > 0 && p - sorted[i - 1]! > 1 ? [null, p] : [p]));
}

/** Links to the pages of the session list, each keeping the filters. */
export function Pagination({ filters, page, pages }: { filters: PublicFilters; page: number; pages: number }) {
  if (pages <= 1) return null;
  const href = (p: number) => hrefWith('/ateliers', filterParams(filters, { page: p === 1 ? undefined : String(p) }));
  return (
    <nav class="pagination" aria-label={t('catalogue.pagination.label')}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              {t('catalogue.pagination.previous')}
            </a>
          </li>
        ) : null}
        {pageWindow(page, pages).map((p, i) =>
          p === null ? (
            <li key={`gap-${i}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={p}>
              <a href={href(p)} aria-current={p === page ? 'page' : undefined} aria-label={t('catalogue.pagination.page', { page: p })}>
                {String(p)}
              </a>
            </li>
          ),
        )}
        {page < pages ? (
          <li>
            <a href={href(page + 1)} rel="next">
              {t('catalogue.pagination.next')}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
