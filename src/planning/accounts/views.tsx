import { t } from '../../platform/i18n/index.js';
import { CheckboxField, CsrfField, ErrorSummary, SelectField, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import type { FormValues } from '../../platform/forms.js';
import { PlanningNav } from '../ui.js';
import { DataTable, type Column } from '../../platform/layout/DataTable.js';
import { accountLabels } from './commands.js';
import { ACCOUNT_KINDS, type AccountKind } from './kinds.js';

export interface AccountRow {
  id: number;
  display_name: string;
  email: string;
  active: number;
  workshops: string[];
}

export function AccountListPage({ kind, rows }: { kind: AccountKind; rows: AccountRow[] }) {
  const spec = ACCOUNT_KINDS[kind];
  const columns: Array<Column<AccountRow>> = [
    { header: t('planning.accounts.col.name'), cell: (a) => <a href={`${spec.path}/${a.id}`}>{a.display_name}</a> },
    { header: t('planning.accounts.col.email'), cell: (a) => a.email },
    ...(spec.workshops ? [{ header: t('planning.facilitators.col.workshops'), cell: (a: AccountRow) => a.workshops.join(', ') || '—' }] : []),
    { header: t('planning.accounts.col.active'), cell: (a) => (a.active ? t('planning.yes') : t('planning.no')) },
  ];
  return (
    <>
      <PlanningNav current={spec.path} />
      <h1>{t(spec.text.title)}</h1>
      {spec.text.intro ? <p>{t(spec.text.intro)}</p> : null}
      <p class="actions">
        <a class="button" href={`${spec.path}/nouveau`}>
          {t(spec.text.new)}
        </a>
      </p>
      <DataTable caption={t('planning.count', { count: rows.length })} rows={rows} columns={columns} />
    </>
  );
}

export function AccountFormPage(props: { kind: AccountKind; csrf: string; id?: number | undefined; values: FormValues; chosen: string[]; errors: FieldErrors; workshops: Array<{ id: number; title: string }>; partners?: Array<{ id: number; name: string }> }) {
  const { kind, csrf, id, values, chosen, errors, workshops, partners = [] } = props;
  const spec = ACCOUNT_KINDS[kind];
  const labels = accountLabels();
  const title = t(id ? spec.text.edit : spec.text.new);
  return (
    <>
      <PlanningNav current={spec.path} />
      <h1>{title}</h1>
      {spec.text.intro ? <p>{t(spec.text.intro)}</p> : null}
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={id ? `${spec.path}/${id}` : `${spec.path}/nouveau`} novalidate>
        <CsrfField token={csrf} />
        <TextField name="name" label={labels.name!} value={values.name} errors={errors} required autocomplete="off" maxLength={120} />
        <TextField name="email" type="email" label={labels.email!} value={values.email} errors={errors} required autocomplete="off" />
        <TextField name="password" type="password" label={labels.password!} hint={t('planning.field.password.initial.hint')} errors={errors} required={!id} autocomplete="new-password" />
        {spec.partner ? <SelectField name="partner" label={labels.partner!} value={values.partner} errors={errors} required placeholder="" options={partners.map((p) => ({ value: String(p.id), label: p.name }))} /> : null}
        <CheckboxField name="active" label={labels.active!} checked={values.active === '1'} errors={errors} />
        {spec.workshops ? (
          <fieldset id="workshops">
            <legend>{labels.workshops}</legend>
            {workshops.map((w) => (
              <div class="field field-checkbox" key={w.id}>
                <input type="checkbox" id={`workshop-${w.id}`} name="workshops" value={String(w.id)} checked={chosen.includes(String(w.id))} />
                <label for={`workshop-${w.id}`}>{w.title}</label>
              </div>
            ))}
          </fieldset>
        ) : null}
        <p class="actions">
          <button type="submit" class="button">
            {t('planning.save')}
          </button>
          <a href={spec.path}>{t('planning.cancel_link')}</a>
        </p>
      </form>
    </>
  );
}
