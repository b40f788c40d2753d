import { t } from '../../platform/i18n/index.js';
import { CheckboxField, CsrfField, ErrorSummary, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import type { FormValues } from '../../platform/forms.js';
import { PlanningNav } from '../ui.js';
import { DataTable } from '../../platform/layout/DataTable.js';
import { facilitatorLabels } from './commands.js';

export interface FacilitatorRow {
  id: number;
  display_name: string;
  email: string;
  active: number;
  workshops: string[];
}

export function FacilitatorListPage({ rows }: { rows: FacilitatorRow[] }) {
  return (
    <>
      <PlanningNav current="/equipe/animateurs" />
      <h1>{t('planning.facilitators.title')}</h1>
      <p class="actions">
        <a class="button" href="/equipe/animateurs/nouveau">
          {t('planning.facilitators.new')}
        </a>
      </p>
      <DataTable
        caption={t('planning.count', { count: rows.length })}
        rows={rows}
        columns={[
          { header: t('planning.facilitators.col.name'), cell: (f) => <a href={`/equipe/animateurs/${f.id}`}>{f.display_name}</a> },
          { header: t('planning.facilitators.col.email'), cell: (f) => f.email },
          { header: t('planning.facilitators.col.workshops'), cell: (f) => f.workshops.join(', ') || '—' },
          { header: t('planning.facilitators.col.active'), cell: (f) => (f.active ? t('planning.yes') : t('planning.no')) },
        ]}
      />
    </>
  );
}

export function FacilitatorFormPage(props: { csrf: string; id?: number; values: FormValues; chosen: string[]; errors: FieldErrors; workshops: Array<{ id: number; title: string }> }) {
  const { csrf, id, values, chosen, errors, workshops } = props;
  const labels = facilitatorLabels();
  const title = id ? t('planning.facilitators.edit') : t('planning.facilitators.new');
  return (
    <>
      <PlanningNav current="/equipe/animateurs" />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={id ? `/equipe/animateurs/${id}` : '/equipe/animateurs/nouveau'} novalidate>
        <CsrfField token={csrf} />
        <TextField name="name" label={labels.name!} value={values.name} errors={errors} required autocomplete="off" maxLength={120} />
        <TextField name="email" type="email" label={labels.email!} value={values.email} errors={errors} required autocomplete="off" />
        <TextField name="password" type="password" label={labels.password!} hint={t('planning.field.password.initial.hint')} errors={errors} required={!id} autocomplete="new-password" />
        <CheckboxField name="active" label={labels.active!} checked={values.active === '1'} errors={errors} />
        <fieldset id="workshops">
          <legend>{labels.workshops}</legend>
          {workshops.map((w) => (
            <div class="field field-checkbox" key={w.id}>
              <input type="checkbox" id={`workshop-${w.id}`} name="workshops" value={String(w.id)} checked={chosen.includes(String(w.id))} />
              <label for={`workshop-${w.id}`}>{w.title}</label>
            </div>
          ))}
        </fieldset>
        <p class="actions">
          <button type="submit" class="button">
            {t('planning.save')}
          </button>
          <a href="/equipe/animateurs">{t('planning.cancel_link')}</a>
        </p>
      </form>
    </>
  );
}
