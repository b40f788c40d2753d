import type { FormValues } from '../../platform/forms.js';
import { formatDateTime, formatSlot, t } from '../../platform/i18n/index.js';
import { CsrfField, ErrorSummary, SelectField, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import { PlanningNav } from '../../planning/ui.js';
import { OPTION_ROWS, pollLabels } from './form.js';
import type { Poll, RequestPoll, TallyRow } from './queries.js';

export function NewPollPage(props: { csrf: string; workshop: { id: number; title: string }; groupVenue: { id: number; name: string } | null; venues: Array<{ id: number; name: string }>; requests: number; values: FormValues; errors: FieldErrors }) {
  const { values, errors } = props;
  const labels = pollLabels();
  return (
    <>
      <PlanningNav current="/equipe/demandes" />
      <h1>{t('ondemand.poll.title')}</h1>
      <p>{t('ondemand.poll.intro', { workshop: props.workshop.title, venue: props.groupVenue?.name ?? t('ondemand.venue.any'), count: props.requests })}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action="/equipe/demandes/sondage" novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="atelier" value={String(props.workshop.id)} />
        <input type="hidden" name="lieu" value={String(props.groupVenue?.id ?? 0)} />
        <SelectField name="venue" label={labels.venue!} value={values.venue} errors={errors} required placeholder="—" options={props.venues.map((v) => ({ value: String(v.id), label: v.name }))} />
        {OPTION_ROWS.map((n) => (
          <fieldset key={n}>
            <legend>{t(n <= 2 ? 'ondemand.poll.option_required' : 'ondemand.poll.option', { n })}</legend>
            <TextField name={`date_${n}`} type="date" label={labels[`date_${n}`]!} value={values[`date_${n}`]} errors={errors} />
            <TextField name={`start_${n}`} type="time" label={labels[`start_${n}`]!} value={values[`start_${n}`]} errors={errors} />
            <TextField name={`end_${n}`} type="time" label={labels[`end_${n}`]!} value={values[`end_${n}`]} errors={errors} />
          </fieldset>
        ))}
        <TextField name="closes" type="date" label={labels.closes!} hint={t('ondemand.poll.closes_hint')} value={values.closes} errors={errors} required />
        <button type="submit" class="button">
          {t('ondemand.poll.submit')}
        </button>
      </form>
    </>
  );
}

export function PollPage(props: { poll: Poll; tally: TallyRow[]; requests: Array<{ id: number; first_name: string; last_name: string; people: number; answered: unknown }>; csrf: string; facilitators: Array<{ id: number; display_name: string }>; values: FormValues; errors: FieldErrors; best: number | null }) {
  const { poll, tally, values, errors } = props;
  const labels = pollLabels();
  const answered = props.requests.filter((r) => !!Number(r.answered) || r.answered === true).length;
  return (
    <>
      <PlanningNav current="/equipe/demandes" />
      <h1>{t('ondemand.poll.page_title', { workshop: poll.workshop_title })}</h1>
      <p>{t('ondemand.poll.summary', { venue: poll.venue_name, count: props.requests.length, answered, closes: formatDateTime(poll.closes_at) })}</p>
      {poll.session_id ? (
        <p class="notice">
          <a href={`/equipe/seances/${poll.session_id}`}>{t('ondemand.poll.session_made')}</a>
        </p>
      ) : null}
      <div class="table-scroll">
        <table class="data">
          <caption>{t('ondemand.poll.tally')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ondemand.poll.col.date')}</th>
              <th scope="col">{t('ondemand.answer.yes')}</th>
              <th scope="col">{t('ondemand.answer.maybe')}</th>
              <th scope="col">{t('ondemand.answer.no')}</th>
              <th scope="col">{t('ondemand.poll.col.people')}</th>
            </tr>
          </thead>
          <tbody>
            {tally.map((o) => (
              <tr key={o.id}>
                <th scope="row">
                  {formatSlot(o.starts_at, o.ends_at)}
                  {props.best === o.id ? <span class="badge">{t('ondemand.poll.best')}</span> : null}
                </th>
                <td>{Number(o.yes ?? 0)}</td>
                <td>{Number(o.maybe ?? 0)}</td>
                <td>{Number(o.no ?? 0)}</td>
                <td>{Number(o.yes_people ?? 0) + Number(o.maybe_people ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!poll.session_id ? (
        <form method="post" action={`/equipe/sondages/${poll.id}/seance`} novalidate>
          <CsrfField token={props.csrf} />
          <h2>{t('ondemand.poll.schedule')}</h2>
          <p>{t('ondemand.poll.schedule_intro')}</p>
          <ErrorSummary errors={errors} labels={{ ...labels, option: t('ondemand.poll.col.date') }} />
          <SelectField name="option" label={t('ondemand.poll.col.date')} value={values.option ?? (props.best ? String(props.best) : '')} errors={errors} required placeholder="—" options={tally.map((o) => ({ value: String(o.id), label: formatSlot(o.starts_at, o.ends_at) }))} />
          <TextField name="seats" label={labels.seats!} inputMode="numeric" value={values.seats ?? String(poll.workstations)} errors={errors} required maxLength={3} />
          <SelectField name="facilitator" label={labels.facilitator!} value={values.facilitator} errors={errors} placeholder={t('ondemand.poll.no_facilitator')} options={props.facilitators.map((f) => ({ value: String(f.id), label: f.display_name }))} />
          <button type="submit" class="button">
            {t('ondemand.poll.schedule_submit')}
          </button>
        </form>
      ) : null}
    </>
  );
}

/** The requester's side: one question per date, yes / if needed / no. */
export function PollAnswerForm({ poll, token, csrf, errors }: { poll: RequestPoll; token: string; csrf: string; errors: FieldErrors }) {
  const open = poll.status === 'open' && poll.closes_at > new Date().toISOString();
  return (
    <section aria-labelledby="sondage">
      <h2 id="sondage">{t('ondemand.answer.title')}</h2>
      {open ? (
        <>
          <p>{t('ondemand.answer.intro', { date: formatDateTime(poll.closes_at) })}</p>
          <ErrorSummary errors={errors} labels={{ _form: t('ondemand.answer.title') }} />
          <form method="post" action={`/demandes/${encodeURIComponent(token)}/sondage`} novalidate>
            <CsrfField token={csrf} />
            {poll.options.map((o) => (
              <fieldset key={o.id} class="poll-option">
                <legend>{formatSlot(o.starts_at, o.ends_at)}</legend>
                {(['yes', 'maybe', 'no'] as const).map((a) => (
                  <div class="field field-checkbox" key={a}>
                    <input type="radio" id={`option-${o.id}-${a}`} name={`option-${o.id}`} value={a} checked={o.answer === a} />
                    <label for={`option-${o.id}-${a}`}>{t(`ondemand.answer.${a}`)}</label>
                  </div>
                ))}
              </fieldset>
            ))}
            <button type="submit" class="button">
              {t('ondemand.answer.submit')}
            </button>
          </form>
        </>
      ) : (
        <p>{t('ondemand.answer.closed', { date: formatDateTime(poll.closed_at ?? poll.closes_at) })}</p>
      )}
    </section>
  );
}
