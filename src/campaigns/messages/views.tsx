import { formatDate, formatDateTime, formatNumber, t, type MessageKey } from '../../platform/i18n/index.js';
import { CheckboxGroup, CsrfField, ErrorSummary, RadioGroup, SelectField, TextAreaField, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import { DataTable } from '../../platform/layout/DataTable.js';
import type { FormValues } from '../../platform/forms.js';
import { SECTORS } from '../../registration/form.js';
import { BODY_MAX } from './form.js';
import type { CampaignDetail } from './queries.js';

export interface Choices {
  epcis: Array<{ code: string; name: string }>;
  workshops: Array<{ id: number; title: string }>;
  communes: Array<{ code: string; name: string }>;
}

const statusLabel = (s: string) => t(`campaigns.status.${s}` as MessageKey);

export function CampaignListPage({ rows }: { rows: Array<{ id: number; name: string; status: string; started_at: string | null; recipients: number; registrations: number }> }) {
  return (
    <>
      <h1>{t('campaigns.title')}</h1>
      <p>{t('campaigns.intro')}</p>
      <p class="actions">
        <a class="button" href="/equipe/campagnes/nouvelle">
          {t('campaigns.new')}
        </a>
      </p>
      <DataTable
        caption={t('campaigns.list.caption', { count: rows.length })}
        rows={rows}
        columns={[
          { header: t('campaigns.col.name'), cell: (c) => <a href={`/equipe/campagnes/${c.id}`}>{c.name}</a> },
          { header: t('campaigns.col.status'), cell: (c) => statusLabel(c.status) },
          { header: t('campaigns.col.started'), cell: (c) => (c.started_at ? formatDateTime(c.started_at) : '—') },
          { header: t('campaigns.col.recipients'), cell: (c) => formatNumber(Number(c.recipients)) },
          { header: t('campaigns.col.registrations'), cell: (c) => formatNumber(Number(c.registrations)) },
        ]}
      />
    </>
  );
}

export function CampaignFormPage({ csrf, id, values, lists, errors, choices }: { csrf: string; id?: number; values: FormValues; lists: { sectors: string[]; communes: string[] }; errors: FieldErrors; choices: Choices }) {
  const labels: Record<string, string> = {
    name: t('campaigns.field.name'),
    subject: t('campaigns.field.subject'),
    body: t('campaigns.field.body'),
    sectors: t('campaigns.field.sectors'),
    communes: t('campaigns.field.communes'),
    epci: t('campaigns.field.epci'),
    audience: t('campaigns.field.audience'),
    workshop: t('campaigns.field.workshop'),
    per_minute: t('campaigns.field.per_minute'),
  };
  const title = id ? t('campaigns.edit') : t('campaigns.new');
  return (
    <>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={id ? `/equipe/campagnes/${id}/modifier` : '/equipe/campagnes/nouvelle'} novalidate>
        <CsrfField token={csrf} />
        <TextField name="name" label={labels.name!} hint={t('campaigns.field.name.hint')} value={values.name} errors={errors} required maxLength={120} />
        <TextField name="subject" label={labels.subject!} value={values.subject} errors={errors} required maxLength={150} />
        <TextAreaField name="body" label={labels.body!} hint={t('campaigns.field.body.hint')} value={values.body} errors={errors} required rows={12} maxLength={BODY_MAX} />
        <fieldset>
          <legend>{t('campaigns.segment')}</legend>
          <CheckboxGroup name="sectors" legend={labels.sectors!} hint={t('campaigns.field.sectors.hint')} options={SECTORS.map((s) => ({ value: s, label: t(`registration.sector.${s}` as MessageKey) }))} checked={lists.sectors} errors={errors} />
          {choices.communes.length ? (
            <details class="choice-list" open={lists.communes.length > 0 || Boolean(errors.communes)}>
              <summary>{lists.communes.length ? t('campaigns.field.communes.summary_some', { count: formatNumber(lists.communes.length) }) : t('campaigns.field.communes.summary', { count: formatNumber(choices.communes.length) })}</summary>
              <CheckboxGroup name="communes" legend={labels.communes!} hint={t('campaigns.field.communes.hint')} options={choices.communes.map((m) => ({ value: m.code, label: m.name }))} checked={lists.communes} errors={errors} />
            </details>
          ) : null}
          <SelectField name="epci" label={labels.epci!} value={values.epci} placeholder={t('results.all_epcis')} options={choices.epcis.map((e) => ({ value: e.code, label: e.name }))} errors={errors} />
          <RadioGroup name="audience" legend={labels.audience!} options={(['all', 'past', 'never'] as const).map((a) => ({ value: a, label: t(`campaigns.audience.${a}`) }))} value={values.audience ?? 'all'} errors={errors} />
          <SelectField name="workshop" label={labels.workshop!} value={values.workshop} placeholder={t('campaigns.field.workshop.any')} options={choices.workshops.map((w) => ({ value: String(w.id), label: w.title }))} errors={errors} />
        </fieldset>
        <TextField name="per_minute" label={labels.per_minute!} hint={t('campaigns.field.per_minute.hint')} inputMode="numeric" value={values.per_minute ?? '30'} errors={errors} required />
        <p class="actions">
          <button type="submit" class="button">
            {t('campaigns.save')}
          </button>
          <a href={id ? `/equipe/campagnes/${id}` : '/equipe/campagnes'}>{t('planning.cancel_link')}</a>
        </p>
      </form>
    </>
  );
}

/** The preview shown on a campaign's page: for the coordinator, or as one contact would receive it. */
export interface CampaignPreview {
  subject: string;
  text: string;
  /** The address typed in the « preview as » form, kept when it is unknown. */
  email: string;
  errors: FieldErrors;
  contact: { email: string; inSegment: boolean; unsubscribed: boolean } | null;
}

export function CampaignPage({ d, csrf, preview, errors, values }: { d: CampaignDetail; csrf: string; preview: CampaignPreview; errors: FieldErrors; values: FormValues }) {
  const c = d.campaign;
  const p = d.progress;
  const done = p.sent + p.failed + p.skipped;
  const draft = c.status === 'draft';
  return (
    <>
      <p class="breadcrumb">
        <a href="/equipe/campagnes">{t('campaigns.title')}</a>
      </p>
      <h1>{c.name}</h1>
      <dl class="key-figures">
        <div>
          <dt>{t('campaigns.col.status')}</dt>
          <dd>{statusLabel(c.status)}</dd>
        </div>
        <div>
          <dt>{draft ? t('campaigns.audience_now') : t('campaigns.col.recipients')}</dt>
          <dd>{formatNumber(d.audience)}</dd>
        </div>
        <div>
          <dt>{t('campaigns.col.registrations')}</dt>
          <dd>{formatNumber(d.brought.reduce((s, b) => s + b.n, 0))}</dd>
        </div>
      </dl>
      <p>{t('campaigns.ref', { ref: c.ref })}</p>
      {!draft ? (
        <section aria-labelledby="progression" data-progress-url={`/equipe/campagnes/${c.id}/progression.json`}>
          <h2 id="progression">{t('campaigns.progress')}</h2>
          <progress max={Math.max(p.total, 1)} value={done} aria-labelledby="progression">
            {`${done} / ${p.total}`}
          </progress>
          <p aria-live="polite" data-progress-text>
            {t('campaigns.progress.text', { sent: formatNumber(p.sent), failed: formatNumber(p.failed), skipped: formatNumber(p.skipped), remaining: formatNumber(p.remaining) })}
          </p>
          {c.scheduled_at && c.status === 'scheduled' ? <p>{t('campaigns.scheduled_for', { date: formatDateTime(c.scheduled_at) })}</p> : null}
        </section>
      ) : null}
      <ErrorSummary errors={errors} labels={{ date: t('campaigns.field.date'), time: t('campaigns.field.time'), confirm: t('campaigns.confirm') }} />
      {draft ? (
        <section aria-labelledby="envoi">
          <h2 id="envoi">{t('campaigns.send')}</h2>
          <p class="actions">
            <a href={`/equipe/campagnes/${c.id}/modifier`}>{t('campaigns.edit')}</a>
          </p>
          <form method="post" action={`/equipe/campagnes/${c.id}/test`}>
            <CsrfField token={csrf} />
            <button type="submit" class="button button-secondary">
              {t('campaigns.test')}
            </button>
          </form>
          <form method="post" action={`/equipe/campagnes/${c.id}/envoyer`} novalidate>
            <CsrfField token={csrf} />
            <p>{t('campaigns.send.intro', { count: formatNumber(d.audience), rate: formatNumber(c.per_minute) })}</p>
            <TextField name="date" type="date" label={t('campaigns.field.date')} hint={t('campaigns.field.date.hint')} value={values.date} errors={errors} />
            <TextField name="time" type="time" label={t('campaigns.field.time')} value={values.time} errors={errors} />
            <div class={errors.confirm ? 'field field-checkbox field-error' : 'field field-checkbox'}>
              {errors.confirm ? (
                <p class="error-message" id="confirm-erreur">
                  {errors.confirm}
                </p>
              ) : null}
              <input type="checkbox" id="confirm" name="confirm" value="1" aria-describedby={errors.confirm ? 'confirm-erreur' : undefined} />
              <label for="confirm">{t('campaigns.confirm', { count: formatNumber(d.audience) })}</label>
            </div>
            <button type="submit" class="button">
              {t('campaigns.send.submit')}
            </button>
          </form>
        </section>
      ) : c.status === 'sending' || c.status === 'scheduled' ? (
        <form method="post" action={`/equipe/campagnes/${c.id}/annuler`}>
          <CsrfField token={csrf} />
          <button type="submit" class="button button-secondary">
            {t('campaigns.cancel')}
          </button>
        </form>
      ) : null}
      <section aria-labelledby="apercu">
        <h2 id="apercu">{preview.contact ? t('campaigns.preview_as.title', { email: preview.contact.email }) : t('campaigns.preview')}</h2>
        <form method="get" action={`/equipe/campagnes/${c.id}#apercu`} class="inline-form" novalidate>
          <TextField name="contact" type="email" label={t('campaigns.preview_as.label')} hint={t('campaigns.preview_as.hint')} value={preview.email} errors={preview.errors} />
          <button type="submit" class="button button-secondary">
            {t('campaigns.preview_as.submit')}
          </button>
        </form>
        {preview.contact ? (
          <p class="notice" id="apercu-statut">
            {preview.contact.unsubscribed ? t('campaigns.preview_as.unsubscribed') : preview.contact.inSegment ? t('campaigns.preview_as.in_segment') : t('campaigns.preview_as.not_in_segment')}
          </p>
        ) : null}
        <p>
          <strong>{t('campaigns.field.subject')} :</strong> {preview.subject}
        </p>
        <pre class="mail-preview">{preview.text}</pre>
      </section>
      <section aria-labelledby="inscriptions">
        <h2 id="inscriptions">{t('campaigns.brought')}</h2>
        {d.brought.length ? (
          <DataTable
            caption={t('campaigns.brought.caption')}
            rows={d.brought}
            columns={[
              { header: t('campaigns.col.session'), cell: (b) => <a href={`/equipe/seances/${b.id}/inscrits`}>{`${b.title}, ${formatDate(b.starts_at)}`}</a> },
              { header: t('campaigns.col.registrations'), cell: (b) => formatNumber(b.n) },
            ]}
          />
        ) : (
          <p>{t('campaigns.brought.none')}</p>
        )}
      </section>
    </>
  );
}
