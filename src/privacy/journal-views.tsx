import { formatDateTime, t, type MessageKey } from '../platform/i18n/index.js';
import { DataTable } from '../platform/layout/DataTable.js';
import { ErrorSummary, SelectField, TextField, type FieldErrors } from '../platform/layout/forms.js';
import { FAMILIES, familyOf, type JournalRow } from './journal.js';

export type JournalQuery = { famille?: string; acteur?: string; du?: string; au?: string };

/** The query string of the current filters (for the CSV link and the next page). */
export const filterQuery = (q: JournalQuery, extra: Record<string, string> = {}) =>
  new URLSearchParams(Object.entries({ ...q, ...extra }).filter(([, v]) => !!v) as Array<[string, string]>).toString();

export function JournalPage(props: {
  rows: JournalRow[];
  names: Map<string, string>;
  query: JournalQuery;
  errors: FieldErrors;
  actors: Array<{ value: string; label: string }>;
  next: number | null;
  paged: boolean;
  months: string;
}) {
  const { rows, names, query, errors, actors, next, paged } = props;
  const labels = { famille: t('journal.filter.family'), acteur: t('journal.filter.actor'), du: t('journal.filter.from'), au: t('journal.filter.to') };
  const qs = filterQuery(query);
  return (
    <>
      <h1>{t('journal.title')}</h1>
      <p>{t('journal.intro', { months: props.months })}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="get" action="/equipe/journal" class="filters" aria-label={t('journal.filters')} novalidate>
        <SelectField name="famille" label={labels.famille} value={query.famille} errors={errors} placeholder={t('journal.filter.all')} options={FAMILIES.map((f) => ({ value: f, label: t(`journal.family.${f}` as MessageKey) }))} />
        <SelectField name="acteur" label={labels.acteur} value={query.acteur} errors={errors} placeholder={t('journal.filter.all')} options={actors} />
        <TextField name="du" label={labels.du} type="date" value={query.du} errors={errors} hint={t('journal.filter.date_hint')} />
        <TextField name="au" label={labels.au} type="date" value={query.au} errors={errors} hint={t('journal.filter.date_hint')} />
        <button type="submit" class="button">
          {t('journal.filter.submit')}
        </button>{' '}
        <a href="/equipe/journal">{t('journal.filter.reset')}</a>
      </form>
      {Object.keys(errors).length ? null : (
        <p>
          <a href={`/equipe/journal.csv${qs ? `?${qs}` : ''}`} download>
            {t('journal.download')}
          </a>
        </p>
      )}
      {rows.length === 0 ? (
        <p>{t('journal.none')}</p>
      ) : (
        <DataTable
          caption={t('journal.caption')}
          rows={rows}
          columns={[
            { header: t('journal.col.at'), cell: (r) => <time dateTime={r.at}>{formatDateTime(r.at)}</time> },
            { header: t('journal.col.actor'), cell: (r) => names.get(r.actor) ?? r.actor },
            {
              header: t('journal.col.action'),
              cell: (r) => (
                <>
                  <code>{r.action}</code> <span class="hint">({t(`journal.family.${familyOf(r.action)}` as MessageKey)})</span>
                </>
              ),
            },
            { header: t('journal.col.subject'), cell: (r) => r.subject ?? '—' },
            { header: t('journal.col.details'), cell: (r) => (r.details ? <code>{r.details}</code> : '—') },
          ]}
        />
      )}
      {next !== null || paged ? (
        <nav class="pagination" aria-label={t('planning.pagination')}>
          <ul>
            {paged ? (
              <li>
                <a href={`/equipe/journal${qs ? `?${qs}` : ''}`}>{t('journal.newest')}</a>
              </li>
            ) : null}
            {next !== null ? (
              <li>
                <a href={`/equipe/journal?${filterQuery(query, { avant: String(next) })}`} rel="next">
                  {t('journal.older')}
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}
