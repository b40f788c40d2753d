import { formatTime, t, type MessageKey } from '../platform/i18n/index.js';
import { parisParts } from '../platform/time.js';
import { FilterForm } from './components.js';
import { filterParams, hrefWith, monthWeeks, shiftMonth, type PublicFilters } from './filters.js';
import { formatMonth } from './format.js';
import type { CatalogueChoices, SessionSummary } from './queries.js';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const; // Monday first, as in France

/** The sessions of the month by Paris date (YYYY-MM-DD); the query gave them in order. */
function byParisDate(sessions: SessionSummary[]): Map<string, SessionSummary[]> {
  const days = new Map<string, SessionSummary[]>();
  for (const s of sessions) {
    const date = parisParts(new Date(s.starts_at)).date;
    days.set(date, [...(days.get(date) ?? []), s]);
  }
  return days;
}

function DaySessions({ sessions }: { sessions: SessionSummary[] }) {
  return (
    <ul class="cal-sessions">
      {sessions.map((s) => (
        <li key={s.id} class={s.status === 'cancelled' ? 'cal-cancelled' : undefined}>
          <a href={`/seances/${s.id}`}>
            <span class="cal-time">{formatTime(s.starts_at)}</span> <span class="cal-title">{s.workshop_title}</span>
            <span class="cal-venue">{`, ${s.commune_name}`}</span>
            {s.status === 'cancelled' ? <span class="cal-status">{` ${t('catalogue.calendar.cancelled')}`}</span> : null}
          </a>
        </li>
      ))}
    </ul>
  );
}

/**
 * The month as a table: a caption naming it, one column per weekday (headers with scope), one
 * row per week, each day listing its sessions as links. On a phone the titles are visually
 * hidden but still read (see the CSS), so the grid fits a 360-pixel screen.
 */
function MonthTable({ month, sessions, today }: { month: string; sessions: SessionSummary[]; today: string }) {
  const days = byParisDate(sessions);
  return (
    <table class="calendar">
      <caption>{formatMonth(month)}</caption>
      <thead>
        <tr>
          {WEEKDAYS.map((d) => (
            <th key={d} scope="col">
              <span aria-hidden="true">{t(`catalogue.calendar.weekday_short.${d}` as MessageKey)}</span>
              <span class="visually-hidden">{t(`catalogue.calendar.weekday.${d}` as MessageKey)}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {monthWeeks(month).map((week) => (
          <tr key={week.find((d) => d !== null) ?? ''}>
            {week.map((date, i) =>
              date === null ? (
                <td key={`x${i}`} class="cal-outside"></td>
              ) : (
                <td key={date} class={days.has(date) ? 'cal-busy' : undefined} aria-current={date === today ? 'date' : undefined}>
                  <span class="cal-day">{String(Number(date.slice(8)))}</span>
                  {days.has(date) ? <DaySessions sessions={days.get(date)!} /> : null}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CalendarPage(props: { choices: CatalogueChoices; filters: PublicFilters; month: string; sessions: SessionSummary[]; today: string }) {
  const { choices, filters, month, sessions, today } = props;
  const monthHref = (m: string) => hrefWith('/calendrier', filterParams({ ...filters, month: m }));
  const [previous, next] = [shiftMonth(month, -1), shiftMonth(month, 1)];
  return (
    <>
      <h1>{t('catalogue.calendar.title')}</h1>
      <FilterForm action="/calendrier" choices={choices} filters={filters} month={{ kind: 'hidden', value: month }} />
      <p class="view-switch">
        <a href={hrefWith('/ateliers', filterParams({ ...filters, month }))}>{t('catalogue.view.list')}</a>
      </p>
      <nav class="month-nav" aria-label={t('catalogue.calendar.nav')}>
        <ul>
          <li>
            <a href={monthHref(previous)} rel="prev">
              {t('catalogue.calendar.previous', { month: formatMonth(previous) })}
            </a>
          </li>
          <li>
            <a href={monthHref(next)} rel="next">
              {t('catalogue.calendar.next', { month: formatMonth(next) })}
            </a>
          </li>
        </ul>
      </nav>
      <p>{sessions.length === 0 ? t('catalogue.calendar.none') : t('catalogue.calendar.count', { count: sessions.length, month: formatMonth(month) })}</p>
      <MonthTable month={month} sessions={sessions} today={today} />
      <p>
        <a href="/agenda.ics">{t('catalogue.feed.all')}</a>
      </p>
    </>
  );
}
