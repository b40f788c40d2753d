import type { ComponentChildren } from 'preact';
import type { FormValues } from '../../platform/forms.js';
import { formatDate, formatSlot, t, type MessageKey } from '../../platform/i18n/index.js';
import { CheckboxGroup, CsrfField, ErrorSummary, SelectField, TextAreaField, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import { ANY_VENUE, DAYS, OTHER_TOPIC, TIMES, requestLabels, type Lists } from './form.js';
import type { RequestChoices, RequestDetails } from './queries.js';

export const dayLabel = (d: string) => t(`ondemand.day.${d}` as MessageKey);
export const timeLabel = (x: string) => t(`ondemand.time.${x}` as MessageKey);

export function RequestFormPage({ csrf, choices, values, lists, errors }: { csrf: string; choices: RequestChoices; values: FormValues; lists: Lists; errors: FieldErrors }) {
  const labels = requestLabels();
  return (
    <>
      <h1>{t('ondemand.title')}</h1>
      <p class="lead">{t('ondemand.intro')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action="/ateliers/demande" novalidate>
        <CsrfField token={csrf} />
        <fieldset>
          <legend>{t('ondemand.what')}</legend>
          <SelectField
            name="workshop"
            label={labels.workshop!}
            value={values.workshop}
            errors={errors}
            required
            placeholder="—"
            options={[...choices.workshops.map((w) => ({ value: String(w.id), label: w.title })), { value: OTHER_TOPIC, label: t('ondemand.field.workshop.other') }]}
          />
          <TextField name="topic" label={labels.topic!} hint={t('ondemand.field.topic.hint')} value={values.topic} errors={errors} maxLength={200} />
        </fieldset>
        <fieldset>
          <legend>{t('ondemand.where_when')}</legend>
          <SelectField name="venue" label={labels.venue!} value={values.venue ?? ANY_VENUE} errors={errors} options={[{ value: ANY_VENUE, label: t('ondemand.venue.any') }, ...choices.venues.map((v) => ({ value: String(v.id), label: v.name }))]} />
          <SelectField name="commune" label={labels.commune!} hint={t('ondemand.field.commune.hint')} value={values.commune} errors={errors} placeholder="—" options={choices.communes.map((c) => ({ value: c.insee_code, label: `${c.name} (${c.postcodes.split(',')[0] ?? ''})` }))} />
          <CheckboxGroup name="days" legend={labels.days!} required options={DAYS.map((d) => ({ value: d, label: dayLabel(d) }))} checked={lists.days} errors={errors} />
          <CheckboxGroup name="times" legend={labels.times!} required options={TIMES.map((x) => ({ value: x, label: timeLabel(x) }))} checked={lists.times} errors={errors} />
          <TextField name="people" label={labels.people!} hint={t('ondemand.field.people.hint')} inputMode="numeric" value={values.people ?? '1'} errors={errors} required maxLength={2} />
          <TextAreaField name="comment" label={labels.comment!} value={values.comment} errors={errors} rows={3} maxLength={1000} />
        </fieldset>
        <fieldset>
          <legend>{t('ondemand.who')}</legend>
          <TextField name="first_name" label={labels.first_name!} value={values.first_name} errors={errors} required autocomplete="given-name" maxLength={80} />
          <TextField name="last_name" label={labels.last_name!} value={values.last_name} errors={errors} required autocomplete="family-name" maxLength={80} />
          <TextField name="email" type="email" label={labels.email!} hint={t('ondemand.field.email.hint')} value={values.email} errors={errors} required autocomplete="email" maxLength={254} />
          <TextField name="company" label={labels.company!} value={values.company} errors={errors} autocomplete="organization" maxLength={150} />
        </fieldset>
        <p class="hint">{t('ondemand.privacy')}</p>
        <button type="submit" class="button">
          {t('ondemand.submit')}
        </button>
      </form>
    </>
  );
}

export function RequestDonePage({ updated, email }: { updated: boolean; email: string }) {
  return (
    <>
      <h1>{t(updated ? 'ondemand.done.updated' : 'ondemand.done.title')}</h1>
      <p>{t('ondemand.done.body', { email })}</p>
      <p>
        <a href="/ateliers">{t('ondemand.done.back')}</a>
      </p>
    </>
  );
}

export function RequestPage({ r, csrf, token, children }: { r: RequestDetails; csrf: string; token: string; children?: ComponentChildren }) {
  const what = r.workshop_title ?? r.topic ?? '';
  const status =
    r.status === 'withdrawn' ? t('ondemand.status.withdrawn', { date: formatDate(r.withdrawn_at ?? r.created_at) }) : r.status === 'scheduled' ? t('ondemand.status.scheduled') : t('ondemand.status.open');
  return (
    <>
      <h1>{t('ondemand.follow.title', { what })}</h1>
      <p>
        <strong>{status}</strong>
      </p>
      {r.status === 'scheduled' && r.session_id && r.session_starts_at ? (
        <p>
          <a href={`/seances/${r.session_id}`}>{t('ondemand.follow.session', { slot: formatSlot(r.session_starts_at, r.session_ends_at!) })}</a>
        </p>
      ) : null}
      <dl class="facts">
        <div>
          <dt>{t('ondemand.field.workshop')}</dt>
          <dd>{what}</dd>
        </div>
        <div>
          <dt>{t('ondemand.field.venue')}</dt>
          <dd>{[r.venue_name ?? t('ondemand.venue.any'), r.commune_name].filter(Boolean).join(' — ')}</dd>
        </div>
        <div>
          <dt>{t('ondemand.field.days')}</dt>
          <dd>{r.days.split(',').map(dayLabel).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('ondemand.field.times')}</dt>
          <dd>{r.times.split(',').map(timeLabel).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('ondemand.field.people')}</dt>
          <dd>{String(r.people)}</dd>
        </div>
        <div>
          <dt>{t('ondemand.follow.sent')}</dt>
          <dd>{formatDate(r.created_at)}</dd>
        </div>
      </dl>
      {children}
      {r.status === 'open' ? (
        <form method="post" action={`/demandes/${encodeURIComponent(token)}/retrait`}>
          <CsrfField token={csrf} />
          <p>{t('ondemand.follow.withdraw_intro')}</p>
          <button type="submit" class="button danger">
            {t('ondemand.follow.withdraw')}
          </button>
        </form>
      ) : null}
    </>
  );
}
