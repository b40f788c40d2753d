import { t, type MessageKey } from '../../platform/i18n/index.js';
import { CsrfField, ErrorSummary, FileField, RadioGroup, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import { Pagination, PlanningNav } from '../../planning/ui.js';
import type { FormValues } from '../../platform/forms.js';
import { CONTACT_FIELDS, type ContactField } from './mapping.js';
import { ERROR_KINDS, WARNING_KINDS, type ContactDraft, type ImportReport, type IssueKind } from './validate.js';
import type { StoredImport, listContacts } from './queries.js';

const fieldLabel = (f: ContactField | 'line') => t(`contacts.field.${f}` as MessageKey);
export const basisOptions = () => [
  { value: 'interet_legitime', label: t('contacts.basis.interet_legitime') },
  { value: 'consentement', label: t('contacts.basis.consentement') },
];
const basisLabel = (basis: string | null) => (basis === 'consentement' ? t('contacts.basis.consentement') : t('contacts.basis.interet_legitime'));

type ContactList = Awaited<ReturnType<typeof listContacts>>;

export function ContactsPage({ list, search, notice }: { list: ContactList; search: string; notice?: string | undefined }) {
  return (
    <>
      <PlanningNav current="/equipe/contacts" />
      <h1>{t('contacts.title')}</h1>
      {notice ? <p class="notice">{notice}</p> : null}
      <p>
        <a href="/equipe/contacts/import" class="button">
          {t('contacts.import_link')}
        </a>
      </p>
      <form method="get" action="/equipe/contacts" class="filters" role="search">
        <TextField name="q" label={t('contacts.search')} type="search" value={search} errors={{}} maxLength={100} />
        <div class="field">
          <button type="submit" class="button button-secondary">
            {t('contacts.search.submit')}
          </button>
        </div>
      </form>
      <p id="nombre">{t('contacts.count', { count: list.total })}</p>
      {list.contacts.length === 0 ? (
        <p>{search ? t('contacts.none_found') : t('contacts.none')}</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{t('contacts.col.name')}</th>
                <th scope="col">{t('contacts.col.email')}</th>
                <th scope="col">{t('contacts.col.company')}</th>
                <th scope="col">{t('contacts.col.commune')}</th>
                <th scope="col">{t('contacts.col.basis')}</th>
                <th scope="col">{t('contacts.col.source')}</th>
              </tr>
            </thead>
            <tbody>
              {list.contacts.map((c) => (
                <tr key={c.id}>
                  <td>{[c.first_name, c.last_name].filter(Boolean).join(' ')}</td>
                  <td>{c.email}</td>
                  <td>{c.company ?? ''}</td>
                  <td>{c.commune_name ?? c.commune_code ?? ''}</td>
                  <td>{basisLabel(c.lawful_basis)}</td>
                  <td>{c.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination path="/equipe/contacts" query={search ? { q: search } : {}} page={list.page} pages={list.pages} />
    </>
  );
}


export function ImportFormPage({ csrf, values, errors }: { csrf: string; values: FormValues; errors: FieldErrors }) {
  return (
    <>
      <p class="breadcrumb">
        <a href="/equipe/contacts">{t('contacts.back')}</a>
      </p>
      <h1>{t('contacts.import.title')}</h1>
      <p>{t('contacts.import.intro')}</p>
      <ErrorSummary errors={errors} labels={{ fichier: t('contacts.import.file'), base: t('contacts.import.basis'), source: t('contacts.import.source') }} />
      <form method="post" action="/equipe/contacts/import" enctype="multipart/form-data" novalidate>
        <CsrfField token={csrf} />
        <FileField label={t('contacts.import.file')} hint={t('contacts.import.file.hint')} accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" errors={errors} />
        <RadioGroup name="base" legend={t('contacts.import.basis')} hint={t('contacts.import.basis.hint')} options={basisOptions()} value={values.base} errors={errors} required />
        <TextField name="source" label={t('contacts.import.source')} hint={t('contacts.import.source.hint')} value={values.source} errors={errors} maxLength={200} />
        <p class="actions">
          <button type="submit" class="button">
            {t('contacts.import.submit')}
          </button>
        </p>
      </form>
    </>
  );
}

function MappingForm({ csrf, stored, errors, chosen }: { csrf: string; stored: StoredImport; errors: FieldErrors; chosen: Record<string, string> }) {
  const headers = stored.table?.headers ?? [];
  return (
    <section aria-labelledby="correspondance">
      <h2 id="correspondance">{t('contacts.mapping.title')}</h2>
      <p class="hint">{t('contacts.mapping.hint')}</p>
      <form method="post" action={`/equipe/contacts/import/${stored.id}/correspondance`} novalidate>
        <CsrfField token={csrf} />
        {CONTACT_FIELDS.map((f) => {
          const name = `col_${f}`;
          const error = errors[name];
          return (
            <div class={error ? 'field field-error' : 'field'} key={f}>
              <label for={name}>
                {fieldLabel(f)}
                {f === 'email' ? <span class="required"> ({t('form.required').toLowerCase()})</span> : null}
              </label>
              {error ? (
                <p class="error-message" id={`${name}-erreur`}>
                  {error}
                </p>
              ) : null}
              <select id={name} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${name}-erreur` : undefined}>
                <option value="">{t('contacts.mapping.none')}</option>
                {headers.map((h, i) => (
                  <option key={i} value={String(i)} selected={chosen[name] === String(i)}>
                    {h || `#${i + 1}`}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
        <p class="actions">
          <button type="submit" class="button button-secondary">
            {t('contacts.mapping.submit')}
          </button>
        </p>
      </form>
    </section>
  );
}

function PreviewRows({ rows }: { rows: ContactDraft[] }) {
  if (!rows.length) return <p>{t('contacts.rows.none')}</p>;
  const columns = ['line', 'email', 'first_name', 'last_name', 'company', 'siret', 'commune', 'sector', 'phone'] as const;
  return (
    <div class="table-scroll">
      <table class="data" id="apercu">
        <caption>{t('contacts.rows.title', { count: rows.length })}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {fieldLabel(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.line}>
              <td>{r.line}</td>
              <td>
                {r.email}
                {r.existing ? ` (${t('contacts.rows.existing')})` : ''}
              </td>
              <td>{r.first_name ?? ''}</td>
              <td>{r.last_name ?? ''}</td>
              <td>{r.company ?? ''}</td>
              <td>{r.siret ?? ''}</td>
              <td>{r.commune_code ?? ''}</td>
              <td>{r.sector ?? ''}</td>
              <td>{r.phone ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function IssueList({ kinds, report }: { kinds: readonly IssueKind[]; report: ImportReport }) {
  const present = kinds.filter((k) => report.issues[k].count > 0);
  if (!present.length) return <p>{t('contacts.report.nothing')}</p>;
  return (
    <>
      {present.map((k) => {
        const issue = report.issues[k];
        return (
          <div class="issue" id={`anomalie-${k}`} key={k}>
            <h4>
              {t(`contacts.issue.${k}` as MessageKey)} ({issue.count})
            </h4>
            <ul>
              {issue.lines.map((l) => (
                <li key={l.line}>{t('contacts.report.line', { line: String(l.line), value: l.value || t('contacts.report.empty') })}</li>
              ))}
              {issue.count > issue.lines.length ? <li>{t('contacts.report.more', { count: issue.count - issue.lines.length })}</li> : null}
            </ul>
          </div>
        );
      })}
    </>
  );
}

export function ReportView({ report }: { report: ImportReport }) {
  const facts: Array<[string, number, string]> = [
    [t('contacts.report.lines'), report.lines, 'lues'],
    [t('contacts.report.to_create'), report.toCreate, 'nouveaux'],
    [t('contacts.report.to_update'), report.toUpdate, 'completes'],
    [t('contacts.report.refused'), report.refused, 'refusees'],
  ];
  return (
    <section aria-labelledby="rapport">
      <h2 id="rapport">{t('contacts.report.title')}</h2>
      <dl class="facts">
        {facts.map(([term, n, id]) => (
          <div key={id}>
            <dt>{term}</dt>
            <dd id={`compte-${id}`}>{n}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('contacts.report.errors')}</h3>
      <IssueList kinds={ERROR_KINDS} report={report} />
      <h3>{t('contacts.report.warnings')}</h3>
      <IssueList kinds={WARNING_KINDS} report={report} />
    </section>
  );
}

export function PreviewPage(props: { csrf: string; stored: StoredImport; errors: FieldErrors; chosen: Record<string, string>; notice?: string | undefined }) {
  const { csrf, stored, errors } = props;
  const report = stored.report;
  const labels = Object.fromEntries(CONTACT_FIELDS.map((f) => [`col_${f}`, fieldLabel(f)]));
  const delimiter = report?.delimiter === '\t' ? 'tab' : report?.delimiter;
  return (
    <>
      <p class="breadcrumb">
        <a href="/equipe/contacts">{t('contacts.back')}</a>
      </p>
      <h1>{t('contacts.preview.title', { file: stored.fileName })}</h1>
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      {stored.status !== 'preview' ? <p class="notice" id="statut">{t(stored.status === 'imported' ? 'contacts.preview.status.imported' : 'contacts.preview.status.cancelled')}</p> : null}
      <dl class="facts">
        {report ? (
          <div>
            <dt>{t('contacts.preview.encoding')}</dt>
            <dd id="encodage">{t(`contacts.preview.encoding.${report.encoding}` as MessageKey)}</dd>
          </div>
        ) : null}
        {delimiter ? (
          <div>
            <dt>{t('contacts.preview.delimiter')}</dt>
            <dd>{t(`contacts.preview.delimiter.${delimiter}` as MessageKey)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('contacts.preview.basis')}</dt>
          <dd>{basisLabel(stored.lawfulBasis)}</dd>
        </div>
        <div>
          <dt>{t('contacts.preview.source')}</dt>
          <dd>{stored.source ?? stored.fileName}</dd>
        </div>
      </dl>
      <ErrorSummary errors={errors} labels={labels} />
      {stored.status === 'preview' ? <MappingForm csrf={csrf} stored={stored} errors={errors} chosen={props.chosen} /> : null}
      {stored.status === 'preview' && report ? <PreviewRows rows={report.preview} /> : null}
      {report ? <ReportView report={report} /> : null}
      {stored.status === 'preview' && report ? (
        <div class="actions">
          <form method="post" action={`/equipe/contacts/import/${stored.id}/confirmer`}>
            <CsrfField token={csrf} />
            <p class="hint" id="confirmer-aide">
              {t('contacts.confirm.hint')}
            </p>
            <button type="submit" class="button" aria-describedby="confirmer-aide" disabled={report.toCreate + report.toUpdate === 0}>
              {t('contacts.confirm.submit', { count: report.toCreate + report.toUpdate })}
            </button>
          </form>
          <form method="post" action={`/equipe/contacts/import/${stored.id}/annuler`}>
            <CsrfField token={csrf} />
            <button type="submit" class="button button-secondary">
              {t('contacts.cancel.submit')}
            </button>
          </form>
        </div>
      ) : null}
    </>
  );
}
