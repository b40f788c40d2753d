import { t } from '../../platform/i18n/index.js';
import { CheckboxField, CsrfField, ErrorSummary, SelectField, TextAreaField, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import type { FormValues } from '../../platform/forms.js';
import { PlanningNav } from '../ui.js';
import { DataTable } from '../../platform/layout/DataTable.js';
import { venueLabels } from './form.js';

export interface VenueRow {
  id: number;
  name: string;
  commune_name: string;
  workstations: number;
  accessible_prm: number;
}

export function VenueListPage({ rows }: { rows: VenueRow[] }) {
  return (
    <>
      <PlanningNav current="/equipe/lieux" />
      <h1>{t('planning.venues.title')}</h1>
      <p class="actions">
        <a class="button" href="/equipe/lieux/nouveau">
          {t('planning.venues.new')}
        </a>
      </p>
      <DataTable
        caption={t('planning.count', { count: rows.length })}
        rows={rows}
        columns={[
          { header: t('planning.venues.col.name'), cell: (v) => <a href={`/equipe/lieux/${v.id}`}>{v.name}</a> },
          { header: t('planning.venues.col.commune'), cell: (v) => v.commune_name },
          { header: t('planning.venues.col.workstations'), cell: (v) => v.workstations },
          { header: t('planning.venues.col.accessible'), cell: (v) => (v.accessible_prm ? t('planning.yes') : t('planning.no')) },
        ]}
      />
    </>
  );
}

export function VenueFormPage(props: { csrf: string; id?: number; values: FormValues; errors: FieldErrors; communes: Array<{ insee_code: string; name: string; postcodes: string }> }) {
  const { csrf, id, values, errors, communes } = props;
  const labels = venueLabels();
  const title = id ? t('planning.venues.edit') : t('planning.venues.new');
  return (
    <>
      <PlanningNav current="/equipe/lieux" />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={id ? `/equipe/lieux/${id}` : '/equipe/lieux/nouveau'} novalidate>
        <CsrfField token={csrf} />
        <TextField name="name" label={labels.name!} value={values.name} errors={errors} required maxLength={150} />
        <TextField name="slug" label={labels.slug!} hint={t('planning.field.slug.hint')} value={values.slug} errors={errors} maxLength={80} />
        <TextField name="address" label={labels.address!} value={values.address} errors={errors} required autocomplete="street-address" maxLength={250} />
        <SelectField
          name="commune"
          label={labels.commune!}
          value={values.commune}
          errors={errors}
          required
          placeholder="—"
          options={communes.map((c) => ({ value: c.insee_code, label: `${c.name} (${c.postcodes.split(',')[0] ?? ''})` }))}
        />
        <TextField name="workstations" label={labels.workstations!} hint={t('planning.field.workstations.hint')} inputMode="numeric" value={values.workstations} errors={errors} required />
        <CheckboxField name="accessible" label={labels.accessible!} checked={values.accessible === '1'} errors={errors} />
        <TextAreaField name="equipment" label={labels.equipment!} value={values.equipment} errors={errors} rows={2} />
        <TextAreaField name="opening_hours" label={labels.opening_hours!} value={values.opening_hours} errors={errors} rows={2} />
        <TextField name="contact_phone" type="tel" label={labels.contact_phone!} value={values.contact_phone} errors={errors} autocomplete="tel" />
        <TextField name="contact_email" type="email" label={labels.contact_email!} value={values.contact_email} errors={errors} autocomplete="email" />
        <TextField name="website" type="url" label={labels.website!} value={values.website} errors={errors} />
        <TextField name="pivot" label={labels.pivot!} hint={t('planning.field.pivot.hint')} inputMode="numeric" value={values.pivot} errors={errors} />
        <p class="actions">
          <button type="submit" class="button">
            {t('planning.save')}
          </button>
          <a href="/equipe/lieux">{t('planning.cancel_link')}</a>
        </p>
      </form>
    </>
  );
}
