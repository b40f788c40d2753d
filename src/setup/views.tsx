import { t } from '../platform/i18n/index.js';
import { CsrfField, ErrorSummary, TextField, type FieldErrors } from '../platform/layout/forms.js';
import type { FormValues } from '../platform/forms.js';
import { DepartmentChoice, EpciField } from '../territory/choice-fields.js';
import type { OfficialDepartment, OfficialEpci } from '../territory/official.js';

export const setupLabels = () => ({
  departement: t('setup.department'),
  epci: t('setup.epci'),
  programme: t('setup.programme'),
  funder: t('setup.funder'),
  name: t('setup.name'),
  email: t('setup.email'),
  password: t('setup.password'),
  password_confirm: t('setup.password_confirm'),
});

export function SetupPage(props: {
  csrf: string;
  departments: OfficialDepartment[];
  department: string | undefined;
  epcis: OfficialEpci[];
  values: FormValues;
  errors: FieldErrors;
}) {
  const { csrf, departments, department, epcis, values, errors } = props;
  const labels = setupLabels();
  return (
    <section class="narrow">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <DepartmentChoice action="/mise-en-route" label={labels.departement} departments={departments} department={department} errors={errors} />
      {department ? (
        <form method="post" action="/mise-en-route" novalidate>
          <CsrfField token={csrf} />
          <input type="hidden" name="departement" value={department} />
          <fieldset>
            <legend>{t('setup.epci')}</legend>
            <EpciField label={labels.epci} epcis={epcis} value={values.epci} errors={errors} />
            <TextField name="programme" label={labels.programme} value={values.programme ?? 'Boutic'} errors={errors} required maxLength={120} />
            <TextField name="funder" label={labels.funder} value={values.funder ?? 'Région'} errors={errors} required maxLength={120} />
          </fieldset>
          <fieldset>
            <legend>{t('setup.admin')}</legend>
            <TextField name="name" label={labels.name} value={values.name} errors={errors} required autocomplete="name" maxLength={120} />
            <TextField name="email" label={labels.email} type="email" value={values.email} errors={errors} required autocomplete="email" />
            <TextField name="password" label={labels.password} type="password" hint={t('setup.password.hint')} errors={errors} required autocomplete="new-password" />
            <TextField name="password_confirm" label={labels.password_confirm} type="password" errors={errors} required autocomplete="new-password" />
          </fieldset>
          <button type="submit" class="button">
            {t('setup.submit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
