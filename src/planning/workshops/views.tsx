import { t } from '../../platform/i18n/index.js';
import { CheckboxField, CsrfField, ErrorSummary, SelectField, TextAreaField, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import type { FormValues } from '../../platform/forms.js';
import { Pagination, PlanningNav } from '../ui.js';
import { DataTable } from '../../platform/layout/DataTable.js';
import { LEVELS, THEMES, workshopLabels } from './form.js';

export interface WorkshopRow {
  id: number;
  title: string;
  level: 'debutant' | 'intermediaire';
  duration_minutes: number;
  theme: string;
  published: number;
}

export const durationText = (minutes: number) => `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${String(minutes % 60).padStart(2, '0')}` : ''}`;
const themeLabel = (theme: string) => ((THEMES as readonly string[]).includes(theme) ? t(`planning.theme.${theme as (typeof THEMES)[number]}`) : theme);

export function WorkshopListPage({ rows, page, pages, total, query }: { rows: WorkshopRow[]; page: number; pages: number; total: number; query: Record<string, string> }) {
  const none: FieldErrors = {};
  return (
    <>
      <PlanningNav current="/equipe/ateliers" />
      <h1>{t('planning.workshops.title')}</h1>
      <p class="actions">
        <a class="button" href="/equipe/ateliers/nouveau">
          {t('planning.workshops.new')}
        </a>
      </p>
      <form method="get" action="/equipe/ateliers" class="filters">
        <SelectField name="theme" label={t('planning.field.theme')} value={query.theme} errors={none} placeholder={t('planning.all')} options={THEMES.map((th) => ({ value: th, label: themeLabel(th) }))} />
        <SelectField name="niveau" label={t('planning.field.level')} value={query.niveau} errors={none} placeholder={t('planning.all')} options={LEVELS.map((l) => ({ value: l, label: t(`planning.level.${l}`) }))} />
        <SelectField
          name="tri"
          label={t('planning.sort')}
          value={query.tri}
          errors={none}
          options={[
            { value: 'titre', label: t('planning.workshops.col.title').toLowerCase() },
            { value: 'theme', label: t('planning.workshops.col.theme').toLowerCase() },
            { value: 'duree', label: t('planning.workshops.col.duration').toLowerCase() },
          ]}
        />
        <div class="field">
          <button type="submit" class="button button-secondary">
            {t('planning.filter')}
          </button>
        </div>
      </form>
      <p role="status">{t('planning.count', { count: total })}</p>
      <DataTable
        caption={t('planning.page', { page, pages })}
        rows={rows}
        columns={[
          { header: t('planning.workshops.col.title'), cell: (w) => <a href={`/equipe/ateliers/${w.id}`}>{w.title}</a> },
          { header: t('planning.workshops.col.theme'), cell: (w) => themeLabel(w.theme) },
          { header: t('planning.workshops.col.level'), cell: (w) => t(`planning.level.${w.level}`) },
          { header: t('planning.workshops.col.duration'), cell: (w) => durationText(w.duration_minutes) },
          { header: t('planning.workshops.col.published'), cell: (w) => (w.published ? t('planning.yes') : t('planning.no')) },
          {
            header: t('planning.sessions.col.actions'),
            cell: (w) => (
              <a href={`/equipe/seances/planifier?atelier=${w.id}`}>
                {t('planning.workshops.plan')}
                <span class="visually-hidden">{` : ${w.title}`}</span>
              </a>
            ),
          },
        ]}
      />
      <Pagination path="/equipe/ateliers" query={query} page={page} pages={pages} />
    </>
  );
}

export function WorkshopFormPage({ csrf, id, values, errors }: { csrf: string; id?: number; values: FormValues; errors: FieldErrors }) {
  const labels = workshopLabels();
  const title = id ? t('planning.workshops.edit') : t('planning.workshops.new');
  return (
    <>
      <PlanningNav current="/equipe/ateliers" />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={id ? `/equipe/ateliers/${id}` : '/equipe/ateliers/nouveau'} novalidate>
        <CsrfField token={csrf} />
        <TextField name="title" label={labels.title!} value={values.title} errors={errors} required maxLength={150} />
        <TextField name="slug" label={labels.slug!} hint={t('planning.field.slug.hint')} value={values.slug} errors={errors} maxLength={80} />
        <TextAreaField name="summary" label={labels.summary!} value={values.summary} errors={errors} required rows={2} maxLength={300} />
        <TextAreaField name="description" label={labels.description!} value={values.description} errors={errors} rows={5} />
        <TextAreaField name="objectives" label={labels.objectives!} value={values.objectives} errors={errors} rows={3} />
        <SelectField name="level" label={labels.level!} value={values.level} errors={errors} required options={LEVELS.map((l) => ({ value: l, label: t(`planning.level.${l}`) }))} />
        <TextField name="duration" label={labels.duration!} inputMode="numeric" value={values.duration} errors={errors} required />
        <TextAreaField name="prerequisites" label={labels.prerequisites!} value={values.prerequisites} errors={errors} rows={2} />
        <SelectField name="theme" label={labels.theme!} value={values.theme} errors={errors} required options={THEMES.map((th) => ({ value: th, label: themeLabel(th) }))} />
        <TextField name="follow_on_partner" label={labels.follow_on_partner!} value={values.follow_on_partner} errors={errors} maxLength={120} />
        <TextField name="follow_on_title" label={labels.follow_on_title!} value={values.follow_on_title} errors={errors} maxLength={200} />
        <TextField name="follow_on_url" type="url" label={labels.follow_on_url!} value={values.follow_on_url} errors={errors} />
        <CheckboxField name="published" label={labels.published!} checked={values.published === '1'} errors={errors} />
        <p class="actions">
          <button type="submit" class="button">
            {t('planning.save')}
          </button>
          <a href="/equipe/ateliers">{t('planning.cancel_link')}</a>
        </p>
      </form>
    </>
  );
}
