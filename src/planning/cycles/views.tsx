import { formatDate, t } from '../../platform/i18n/index.js';
import { CsrfField, ErrorSummary, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import type { FormValues } from '../../platform/forms.js';
import { PlanningNav } from '../ui.js';
import { DataTable } from '../../platform/layout/DataTable.js';
import { cycleLabels } from './form.js';

export interface CycleRow {
  id: number;
  number: number;
  name: string;
  starts_on: string;
  ends_on: string;
  registration_opens_at: string;
  sessions: number;
}

const day = (date: string) => formatDate(`${date}T12:00:00Z`);

export function CycleListPage({ rows }: { rows: CycleRow[] }) {
  return (
    <>
      <PlanningNav current="/equipe/sessions" />
      <h1>{t('planning.cycles.title')}</h1>
      <p>{t('planning.cycles.intro')}</p>
      <p class="actions">
        <a class="button" href="/equipe/sessions/nouvelle">
          {t('planning.cycles.new')}
        </a>
      </p>
      <DataTable
        caption={t('planning.count', { count: rows.length })}
        rows={rows}
        columns={[
          { header: t('planning.cycles.col.number'), cell: (c) => c.number },
          { header: t('planning.cycles.col.name'), cell: (c) => <a href={`/equipe/sessions/${c.id}`}>{c.name}</a> },
          { header: t('planning.cycles.col.dates'), cell: (c) => t('planning.cycles.period', { from: day(c.starts_on), to: day(c.ends_on) }) },
          { header: t('planning.cycles.col.opening'), cell: (c) => formatDate(c.registration_opens_at) },
          { header: t('planning.cycles.col.sessions'), cell: (c) => <a href={`/equipe/seances?cycle=${c.id}`}>{c.sessions}</a> },
        ]}
      />
    </>
  );
}

export function CycleFormPage({ csrf, id, values, errors }: { csrf: string; id?: number; values: FormValues; errors: FieldErrors }) {
  const labels = cycleLabels();
  const title = id ? t('planning.cycles.edit') : t('planning.cycles.new');
  return (
    <>
      <PlanningNav current="/equipe/sessions" />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={id ? `/equipe/sessions/${id}` : '/equipe/sessions/nouvelle'} novalidate>
        <CsrfField token={csrf} />
        <TextField name="number" label={labels.number!} inputMode="numeric" value={values.number} errors={errors} required />
        <TextField name="name" label={labels.name!} value={values.name} errors={errors} required maxLength={120} />
        <TextField name="starts_on" type="date" label={labels.starts_on!} hint={t('planning.field.date.hint')} value={values.starts_on} errors={errors} required />
        <TextField name="ends_on" type="date" label={labels.ends_on!} value={values.ends_on} errors={errors} required />
        <TextField name="opens_on" type="date" label={labels.opens_on!} value={values.opens_on} errors={errors} required />
        <TextField name="opens_at" type="time" label={labels.opens_at!} hint={t('planning.field.time.hint')} value={values.opens_at} errors={errors} />
        <p class="actions">
          <button type="submit" class="button">
            {t('planning.save')}
          </button>
          <a href="/equipe/sessions">{t('planning.cancel_link')}</a>
        </p>
      </form>
    </>
  );
}
