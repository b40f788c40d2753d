import { t } from '../platform/i18n/index.js';
import { CsrfField, ErrorSummary, TextField, type FieldErrors } from '../platform/layout/forms.js';
import { DataTable } from '../platform/layout/DataTable.js';
import type { FormValues } from '../platform/forms.js';
import { DepartmentChoice, EpciField } from './choice-fields.js';
import type { OfficialDepartment, OfficialEpci } from './official.js';
import type { TerritoryListRow } from './add.js';

export const territoryLabels = () => ({
  departement: t('setup.department'),
  epci: t('setup.epci'),
  slug: t('territories.slug'),
  host: t('territories.host'),
  programme: t('setup.programme'),
  funder: t('setup.funder'),
  name: t('setup.name'),
  email: t('setup.email'),
  password: t('setup.password'),
});

export function TerritoriesPage({ rows, defaultId, editable }: { rows: TerritoryListRow[]; defaultId: number | null; editable: (id: number) => boolean }) {
  return (
    <section>
      <h1>{t('territories.title')}</h1>
      <p>{t('territories.intro')}</p>
      <p>
        <a class="button" href="/equipe/territoires/nouveau">
          {t('territories.add')}
        </a>
      </p>
      <DataTable
        caption={t('territories.caption', { count: rows.length })}
        rows={rows}
        columns={[
          { header: t('territories.col.name'), cell: (r) => (r.id === defaultId ? `${r.name} (${t('territories.default')})` : r.name) },
          { header: t('territories.col.slug'), cell: (r) => r.slug },
          { header: t('territories.col.host'), cell: (r) => r.host ?? t('territories.no_host') },
          { header: t('territories.col.programme'), cell: (r) => r.programme_name ?? '—' },
          { header: t('territories.col.staff'), cell: (r) => String(r.staff ?? 0) },
          { header: t('territories.col.actions'), cell: (r) => (editable(r.id) ? <a href={`/equipe/territoires/${r.id}`}>{t('territories.edit_host', { name: r.name })}</a> : '—') },
        ]}
      />
    </section>
  );
}

/** Two steps without script, as on the first-run page: the department (a GET form), then the EPCI and the rest. */
export function NewTerritoryPage(props: { csrf: string; departments: OfficialDepartment[]; department: string | undefined; epcis: OfficialEpci[]; values: FormValues; errors: FieldErrors }) {
  const { csrf, departments, department, epcis, values, errors } = props;
  const labels = territoryLabels();
  return (
    <section class="narrow">
      <h1>{t('territories.new.title')}</h1>
      <p>{t('territories.new.intro')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <DepartmentChoice action="/equipe/territoires/nouveau" label={labels.departement} departments={departments} department={department} errors={errors} />
      {department ? (
        <form method="post" action="/equipe/territoires/nouveau" novalidate>
          <CsrfField token={csrf} />
          <input type="hidden" name="departement" value={department} />
          <fieldset>
            <legend>{t('territories.site')}</legend>
            <EpciField label={labels.epci} epcis={epcis} value={values.epci} errors={errors} />
            <TextField name="slug" label={labels.slug} hint={t('territories.slug.hint')} value={values.slug} errors={errors} required maxLength={60} />
            <TextField name="host" label={labels.host} hint={t('territories.host.hint')} value={values.host} errors={errors} required maxLength={253} />
            <TextField name="programme" label={labels.programme} value={values.programme ?? 'Boutic'} errors={errors} required maxLength={120} />
            <TextField name="funder" label={labels.funder} value={values.funder ?? 'Région'} errors={errors} required maxLength={120} />
          </fieldset>
          <fieldset>
            <legend>{t('territories.coordinator')}</legend>
            <TextField name="name" label={labels.name} value={values.name} errors={errors} required autocomplete="off" maxLength={120} />
            <TextField name="email" label={labels.email} type="email" value={values.email} errors={errors} required autocomplete="off" />
            <TextField name="password" label={labels.password} type="password" hint={t('setup.password.hint')} errors={errors} required autocomplete="new-password" />
          </fieldset>
          <button type="submit" class="button">
            {t('territories.submit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** The host name of one territory's site, and the form to change it. */
export function TerritoryHostPage(props: { csrf: string; territory: { id: number; name: string; host: string | null }; values: FormValues; errors: FieldErrors }) {
  const { csrf, territory, values, errors } = props;
  const labels = { host: t('territories.host') };
  return (
    <section class="narrow">
      <h1>{t('territories.host_page.title', { name: territory.name })}</h1>
      <p>{t('territories.host_page.current', { host: territory.host ?? t('territories.no_host') })}</p>
      <p>{t('territories.host_page.intro')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={`/equipe/territoires/${territory.id}`} novalidate>
        <CsrfField token={csrf} />
        <TextField name="host" label={labels.host} hint={t('territories.host.hint')} value={values.host ?? territory.host ?? ''} errors={errors} required maxLength={253} />
        <button type="submit" class="button">
          {t('territories.host_page.submit')}
        </button>
      </form>
      <p>
        <a href="/equipe/territoires">{t('territories.title')}</a>
      </p>
    </section>
  );
}
