import type { ComponentChildren } from 'preact';
import { formatDate, formatDateTime, formatNumber, t, type MessageKey } from '../platform/i18n/index.js';
import { CheckboxField, CsrfField, ErrorSummary, SelectField, TextField, type FieldErrors } from '../platform/layout/forms.js';
import { DataTable } from '../platform/layout/DataTable.js';
import { PlanningNav } from '../planning/ui.js';
import type { PersonExport, Row } from './export.js';

const tableLabel = (table: string) => t(`privacy.table.${table}` as MessageKey);
const purposeLabel = (purpose: string) => (purpose === 'programme_news' || purpose === 'directory' ? t(`privacy.purpose.${purpose}`) : purpose);
const str = (v: unknown) => (v === null || v === undefined || v === '' ? t('privacy.none') : String(v));

type Consent = { id: number; purpose: string; text_version: string; given_at: string; withdrawn_at: string | null };

function Identity({ data }: { data: PersonExport }) {
  const p = data.tables.participants![0]!;
  const c = data.tables.companies![0];
  const rows: Array<[string, unknown]> = [
    [t('privacy.identity.name'), `${p.first_name} ${p.last_name}`],
    [t('privacy.identity.email'), p.email],
    [t('privacy.identity.phone'), p.phone],
    [t('privacy.identity.company'), c?.name],
    [t('privacy.identity.siret'), c?.siret],
    [t('privacy.identity.commune'), p.commune_code],
    [t('privacy.identity.created'), p.created_at ? formatDate(String(p.created_at)) : null],
  ];
  return (
    <dl class="facts">
      {rows.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{str(v)}</dd>
        </>
      ))}
    </dl>
  );
}

function Held({ data }: { data: PersonExport }) {
  const rows = Object.entries(data.tables)
    .filter(([, r]) => r.length > 0)
    .map(([table, r]) => ({ id: table, table, count: r.length }));
  return (
    <DataTable
      caption={t('privacy.held.caption')}
      rows={rows}
      columns={[
        { header: t('privacy.held.area'), cell: (r) => tableLabel(r.table) },
        { header: t('privacy.held.count'), cell: (r) => formatNumber(r.count) },
      ]}
    />
  );
}

function Consents({ consents, csrf }: { consents: Consent[]; csrf?: string }) {
  if (!consents.length) return <p>{t('privacy.consents.none')}</p>;
  return (
    <DataTable
      caption={t('privacy.consents.caption')}
      rows={consents}
      columns={[
        { header: t('privacy.consents.purpose'), cell: (c) => purposeLabel(c.purpose) },
        { header: t('privacy.consents.version'), cell: (c) => c.text_version },
        { header: t('privacy.consents.given'), cell: (c) => formatDate(c.given_at) },
        { header: t('privacy.consents.withdrawn'), cell: (c) => (c.withdrawn_at ? formatDate(c.withdrawn_at) : t('privacy.consents.active')) },
        ...(csrf
          ? [
              {
                header: t('privacy.consents.action'),
                cell: (c: Consent) =>
                  c.withdrawn_at ? (
                    t('privacy.none')
                  ) : (
                    <form method="post" action={`/mes-inscriptions/donnees/consentements/${c.id}/retrait`}>
                      <CsrfField token={csrf} />
                      <button type="submit" class="button secondary">
                        {t('privacy.consents.withdraw')}
                        <span class="visually-hidden">{` : ${purposeLabel(c.purpose)}`}</span>
                      </button>
                    </form>
                  ),
              },
            ]
          : []),
      ]}
    />
  );
}

/** « Mes données » in the participant's space. */
export function MyDataPage({ data, csrf }: { data: PersonExport; csrf: string }) {
  return (
    <>
      <p>
        <a href="/mes-inscriptions">{t('account.title')}</a>
      </p>
      <h1>{t('privacy.title')}</h1>
      <p>{t('privacy.intro')}</p>
      <h2>{t('privacy.identity.title')}</h2>
      <Identity data={data} />
      <h2>{t('privacy.held.title')}</h2>
      <Held data={data} />
      <h2>{t('privacy.consents.title')}</h2>
      <Consents consents={data.tables.consents as unknown as Consent[]} csrf={csrf} />
      <h2>{t('privacy.download.title')}</h2>
      <ul>
        <li>
          <a href="/mes-inscriptions/donnees.html" download>
            {t('privacy.download.html')}
          </a>
        </li>
        <li>
          <a href="/mes-inscriptions/donnees.json" download>
            {t('privacy.download.json')}
          </a>
        </li>
      </ul>
      <h2>{t('privacy.erase.title')}</h2>
      <p>{t('privacy.erase.intro')}</p>
      <p>
        <a class="button danger" href="/mes-inscriptions/donnees/effacement">
          {t('privacy.erase.link')}
        </a>
      </p>
    </>
  );
}

function WhatGoesWhatStays() {
  return (
    <>
      <h2>{t('privacy.erase.goes')}</h2>
      <ul>
        <li>{t('privacy.erase.goes.1')}</li>
        <li>{t('privacy.erase.goes.2')}</li>
        <li>{t('privacy.erase.goes.3')}</li>
        <li>{t('privacy.erase.goes.4')}</li>
      </ul>
      <h2>{t('privacy.erase.stays')}</h2>
      <ul>
        <li>{t('privacy.erase.stays.1')}</li>
        <li>{t('privacy.erase.stays.2')}</li>
      </ul>
    </>
  );
}

/** The confirmation step before erasing. */
export function ErasePage({ csrf, errors, upcoming }: { csrf: string; errors: FieldErrors; upcoming: boolean }) {
  return (
    <>
      <h1>{t('privacy.erase.title')}</h1>
      <ErrorSummary errors={errors} labels={{ confirm: t('privacy.erase.confirm') }} />
      <p>{t('privacy.erase.intro')}</p>
      <WhatGoesWhatStays />
      {upcoming ? <p class="notice">{t('privacy.erase.upcoming')}</p> : null}
      <form method="post" action="/mes-inscriptions/donnees/effacement" novalidate>
        <CsrfField token={csrf} />
        <CheckboxField name="confirm" label={t('privacy.erase.confirm')} checked={false} errors={errors} />
        <p>
          <button type="submit" class="button danger">
            {t('privacy.erase.submit')}
          </button>{' '}
          <a href="/mes-inscriptions/donnees">{t('privacy.erase.cancel')}</a>
        </p>
      </form>
    </>
  );
}

export function ErasedPage() {
  return (
    <>
      <h1>{t('privacy.erased.title')}</h1>
      <p>{t('privacy.erased.body')}</p>
      <p>
        <a href="/">{t('privacy.erased.home')}</a>
      </p>
    </>
  );
}

const cell = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return formatDateTime(v);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
};

function RawTable({ table, rows }: { table: string; rows: Row[] }) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <section>
      <h3>{tableLabel(table)}</h3>
      {rows.length ? (
        <div class="table-scroll">
          <table>
            <caption>{t('privacy.html.detail.caption', { area: tableLabel(table) })}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th scope="col">{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  {columns.map((c) => (
                    <td>{cell(r[c])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('privacy.html.empty')}</p>
      )}
    </section>
  );
}

const STYLE = 'body{font-family:system-ui,sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem;line-height:1.5}table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}caption{text-align:left;font-weight:bold}dt{font-weight:bold}';

/** The readable download: a standalone HTML document (no link to Boutic's styles or scripts). */
export function PersonDataDocument({ data, programme }: { data: PersonExport; programme: string }) {
  const regs = data.tables.registrations as Array<Row & { id: number }>;
  const title = t('privacy.html.title', { programme });
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <main>
          <h1>{title}</h1>
          <p>{t('privacy.html.generated', { date: formatDateTime(data.generated_at) })}</p>
          <h2>{t('privacy.identity.title')}</h2>
          <Identity data={data} />
          <h2>{t('privacy.consents.title')}</h2>
          <Consents consents={data.tables.consents as unknown as Consent[]} />
          <h2>{t('privacy.html.registrations')}</h2>
          {regs.length ? (
            <DataTable
              caption={t('privacy.html.registrations.caption')}
              rows={regs}
              columns={[
                { header: t('privacy.html.workshop'), cell: (r) => str(r.workshop_title) },
                { header: t('privacy.html.date'), cell: (r) => formatDateTime(String(r.session_starts_at)) },
                { header: t('privacy.html.venue'), cell: (r) => str(r.venue_name) },
                { header: t('privacy.html.status'), cell: (r) => str(r.status) },
                { header: t('privacy.html.attendance'), cell: (r) => str(r.attendance) },
              ]}
            />
          ) : (
            <p>{t('privacy.html.empty')}</p>
          )}
          <h2>{t('privacy.html.detail')}</h2>
          {Object.entries(data.tables).map(([table, rows]) => (
            <RawTable table={table} rows={rows} />
          ))}
        </main>
      </body>
    </html>
  );
}

// ——— the coordination's side ———

type Found = { id: number; first_name: string; last_name: string; email: string; registrations: number; anonymised_at: string | null };

export function PeopleSearchPage({ q, people, tooShort }: { q: string; people: Found[] | null; tooShort: boolean }) {
  return (
    <>
      <PlanningNav current="/equipe/personnes" />
      <h1>{t('privacy.staff.title')}</h1>
      <p>{t('privacy.staff.intro')}</p>
      <form method="get" action="/equipe/personnes" role="search">
        <TextField name="q" label={t('privacy.staff.search')} type="search" value={q} errors={tooShort ? { q: t('privacy.staff.search.short') } : {}} />
        <button type="submit" class="button">
          {t('privacy.staff.search.submit')}
        </button>
      </form>
      {people === null ? null : people.length ? (
        <DataTable
          caption={t('privacy.staff.results.caption')}
          rows={people}
          columns={[
            { header: t('privacy.staff.col.person'), cell: (p) => <a href={`/equipe/personnes/${p.id}`}>{`${p.first_name} ${p.last_name}`}</a> },
            { header: t('privacy.staff.col.email'), cell: (p) => p.email },
            { header: t('privacy.staff.col.registrations'), cell: (p) => formatNumber(Number(p.registrations)) },
          ]}
        />
      ) : (
        <p>{t('privacy.staff.results.none')}</p>
      )}
    </>
  );
}

export const CHANNELS = ['courrier', 'courriel', 'telephone', 'sur_place'] as const;

export function PersonPage(props: { data: PersonExport; csrf: string; values: Record<string, string>; errors: FieldErrors; notice?: ComponentChildren }) {
  const { data, errors, values } = props;
  const p = data.tables.participants![0]!;
  const id = data.participant_id;
  return (
    <>
      <PlanningNav current="/equipe/personnes" />
      <h1>{`${p.first_name} ${p.last_name}`}</h1>
      {p.anonymised_at ? <p>{t('privacy.staff.anonymised', { date: formatDate(String(p.anonymised_at)) })}</p> : null}
      <Identity data={data} />
      <p>{t('privacy.staff.person.registrations', { count: formatNumber(data.tables.registrations!.length) })}</p>
      <h2>{t('privacy.consents.title')}</h2>
      <Consents consents={data.tables.consents as unknown as Consent[]} />
      <h2>{t('privacy.held.title')}</h2>
      <Held data={data} />
      <p>
        <a href={`/equipe/personnes/${id}/donnees.json`} download>
          {t('privacy.staff.export')}
        </a>
      </p>
      {p.anonymised_at ? null : (
        <>
          <h2>{t('privacy.staff.erase.title')}</h2>
          <ErrorSummary errors={errors} labels={{ requested_on: t('privacy.staff.erase.date'), channel: t('privacy.staff.erase.channel') }} />
          <p>{t('privacy.staff.erase.intro')}</p>
          <WhatGoesWhatStays />
          <form method="post" action={`/equipe/personnes/${id}/effacement`} novalidate>
            <CsrfField token={props.csrf} />
            <TextField name="requested_on" type="date" label={t('privacy.staff.erase.date')} hint={t('privacy.staff.erase.date.hint')} value={values.requested_on} errors={errors} required />
            <SelectField
              name="channel"
              label={t('privacy.staff.erase.channel')}
              value={values.channel}
              errors={errors}
              required
              placeholder=""
              options={CHANNELS.map((c) => ({ value: c, label: t(`privacy.staff.erase.channel.${c}`) }))}
            />
            <button type="submit" class="button danger">
              {t('privacy.staff.erase.submit')}
            </button>
          </form>
        </>
      )}
    </>
  );
}
