import { formatSlot, t } from '../../platform/i18n/index.js';
import { CheckboxField, CsrfField, ErrorSummary, SelectField, TextAreaField, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import type { FormValues } from '../../platform/forms.js';
import { Pagination, PlanningNav } from '../ui.js';
import { DataTable } from '../../platform/layout/DataTable.js';
import type { PlanningOptions, SessionRow } from './queries.js';
import { sessionLabels } from './form.js';

const statusLabel = (s: string) => t(s === 'cancelled' ? 'planning.status.cancelled' : s === 'held' ? 'planning.status.held' : 'planning.status.scheduled');

export function SessionListPage(props: {
  rows: SessionRow[];
  total: number;
  page: number;
  pages: number;
  query: Record<string, string>;
  options: PlanningOptions;
  notice?: string | undefined;
}) {
  const { rows, total, page, pages, query, options } = props;
  const none: FieldErrors = {};
  return (
    <>
      <PlanningNav current="/equipe/seances" />
      <h1>{t('planning.sessions.title')}</h1>
      <p class="actions">
        <a class="button" href="/equipe/seances/nouvelle">
          {t('planning.sessions.new')}
        </a>
      </p>
      <form method="get" action="/equipe/seances" class="filters">
        <SelectField name="cycle" label={t('planning.field.cycle')} value={query.cycle} errors={none} placeholder={t('planning.all')} options={options.cycles.map((c) => ({ value: String(c.id), label: c.name }))} />
        <SelectField name="lieu" label={t('planning.field.venue')} value={query.lieu} errors={none} placeholder={t('planning.all')} options={options.venues.map((v) => ({ value: String(v.id), label: v.name }))} />
        <SelectField name="atelier" label={t('planning.field.workshop')} value={query.atelier} errors={none} placeholder={t('planning.all')} options={options.workshops.map((w) => ({ value: String(w.id), label: w.title }))} />
        <SelectField
          name="statut"
          label={t('planning.field.status')}
          value={query.statut}
          errors={none}
          placeholder={t('planning.all')}
          options={(['scheduled', 'cancelled', 'held'] as const).map((s) => ({ value: s, label: statusLabel(s) }))}
        />
        <SelectField
          name="tri"
          label={t('planning.sort')}
          value={query.tri}
          errors={none}
          options={(['date', 'workshop', 'venue', 'fill'] as const).map((s) => ({ value: s, label: t(`planning.sessions.sort.${s}`) }))}
        />
        <div class="field">
          <button type="submit" class="button button-secondary">
            {t('planning.filter')}
          </button>
        </div>
      </form>
      <p role="status">{t('planning.count', { count: total })}</p>
      {rows.length === 0 ? (
        <p>{t('planning.none')}</p>
      ) : (
        <DataTable
          caption={t('planning.page', { page, pages })}
          rows={rows}
          columns={[
            { header: t('planning.sessions.col.date'), cell: (r) => formatSlot(r.starts_at, r.ends_at) },
            { header: t('planning.sessions.col.workshop'), cell: (r) => `${r.workshop_title}${r.beginner ? ` — ${t('home.session.beginner')}` : ''}` },
            { header: t('planning.sessions.col.venue'), cell: (r) => r.venue_name },
            { header: t('planning.sessions.col.facilitator'), cell: (r) => r.facilitator_name ?? t('planning.field.facilitator.none') },
            { header: t('planning.sessions.col.seats'), cell: (r) => t('planning.sessions.seats_taken', { taken: r.seats_taken, seats: r.seats }) },
            { header: t('planning.sessions.col.status'), cell: (r) => statusLabel(r.status) },
            {
              header: t('planning.sessions.col.actions'),
              cell: (r) => (
                <a href={`/equipe/seances/${r.id}`}>
                  {t('planning.edit')}
                  <span class="visually-hidden">{` : ${r.workshop_title}, ${formatSlot(r.starts_at, r.ends_at)}`}</span>
                </a>
              ),
            },
          ]}
        />
      )}
      <Pagination path="/equipe/seances" query={query} page={page} pages={pages} />
    </>
  );
}

/** The fields of one session, shared by the new and edit forms. */
function SessionFields({ values, errors, options }: { values: FormValues; errors: FieldErrors; options: PlanningOptions }) {
  const labels = sessionLabels();
  return (
    <>
      <SelectField name="workshop" label={labels.workshop!} value={values.workshop} errors={errors} required placeholder="—" options={options.workshops.map((w) => ({ value: String(w.id), label: w.title }))} />
      <SelectField name="cycle" label={labels.cycle!} value={values.cycle} errors={errors} required placeholder="—" options={options.cycles.map((c) => ({ value: String(c.id), label: c.name }))} />
      <SelectField
        name="venue"
        label={labels.venue!}
        value={values.venue}
        errors={errors}
        required
        placeholder="—"
        options={options.venues.map((v) => ({ value: String(v.id), label: `${v.name} (${t('home.venue.workstations', { count: v.workstations })})` }))}
      />
      <SelectField
        name="facilitator"
        label={labels.facilitator!}
        value={values.facilitator}
        errors={errors}
        placeholder={t('planning.field.facilitator.none')}
        options={options.facilitators.map((f) => ({ value: String(f.id), label: f.display_name }))}
      />
      <TextField name="date" type="date" label={labels.date!} hint={t('planning.field.date.hint')} value={values.date} errors={errors} required />
      <TextField name="start" type="time" label={labels.start!} hint={t('planning.field.time.hint')} value={values.start} errors={errors} required />
      <TextField name="end" type="time" label={labels.end!} value={values.end} errors={errors} required />
      <TextField name="seats" label={labels.seats!} hint={t('planning.field.seats.hint')} inputMode="numeric" value={values.seats} errors={errors} />
      <TextField name="min_seats" label={labels.min_seats!} hint={t('planning.field.min_seats.hint')} inputMode="numeric" value={values.min_seats} errors={errors} />
      <CheckboxField name="beginner" label={labels.beginner!} checked={values.beginner === '1'} errors={errors} />
      <CheckboxField name="confirm_capacity" label={labels.confirm_capacity!} checked={values.confirm_capacity === '1'} errors={errors} />
    </>
  );
}

export function SessionFormPage(props: {
  csrf: string;
  sessionId?: number;
  title: string;
  values: FormValues;
  errors: FieldErrors;
  options: PlanningOptions;
  editable: boolean;
  liveRegistrations?: number;
  status?: string;
}) {
  const { csrf, sessionId, title, values, errors, options, editable } = props;
  const action = sessionId ? `/equipe/seances/${sessionId}` : '/equipe/seances/nouvelle';
  return (
    <>
      <PlanningNav current="" />
      <h1>{title}</h1>
      {props.status && props.status !== 'scheduled' ? <p class="notice">{statusLabel(props.status)}</p> : null}
      {sessionId ? (
        <p class="actions">
          <a href={`/equipe/seances/${sessionId}/inscrits`}>{t('roster.link', { count: props.liveRegistrations ?? 0 })}</a>
          <a href={`/equipe/seances/${sessionId}/emargement`}>{t('facilitation.open_attendance')}</a>
          <a href={`/equipe/seances/${sessionId}/feuille-emargement.pdf`}>{t('facilitation.print_sheet')}</a>
          <a href={`/equipe/seances/${sessionId}/compte-rendu`}>{t('facilitation.report')}</a>
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={sessionLabels()} />
      {editable ? (
        <form method="post" action={action} novalidate>
          <CsrfField token={csrf} />
          <SessionFields values={values} errors={errors} options={options} />
          <p class="actions">
            <button type="submit" class="button">
              {t('planning.save')}
            </button>
            <a href="/equipe/seances">{t('planning.cancel_link')}</a>
          </p>
        </form>
      ) : null}
      {sessionId && editable ? (
        <form method="post" action={`/equipe/seances/${sessionId}/annulation`} novalidate>
          <CsrfField token={csrf} />
          <h2>{t('planning.cancel.title')}</h2>
          <p>{t('planning.cancel.intro', { count: props.liveRegistrations ?? 0 })}</p>
          <TextAreaField name="reason" label={t('planning.cancel.reason')} hint={t('planning.cancel.reason.hint')} value={values.reason} errors={errors} required maxLength={500} rows={3} />
          <button type="submit" class="button danger">
            {t('planning.cancel.submit')}
          </button>
        </form>
      ) : null}
    </>
  );
}
