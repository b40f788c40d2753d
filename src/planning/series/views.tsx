import { formatSlot, t } from '../../platform/i18n/index.js';
import { CheckboxField, CsrfField, ErrorSummary, SelectField, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import type { FormValues } from '../../platform/forms.js';
import { PlanningNav } from '../ui.js';
import type { PlanningOptions } from '../sessions/queries.js';
import type { Candidate } from './series.js';
import { seriesLabels } from './form.js';

/** The proposed sessions with what the check found, and the button that creates those without conflict. */
function Preview({ candidates, options, hidden, csrf, action }: { candidates: Candidate[]; options: PlanningOptions; hidden: Array<[string, string]>; csrf: string; action: string }) {
  const ok = candidates.filter((c) => !c.conflict).length;
  const name = (list: Array<{ id: number; name?: string; title?: string; display_name?: string }>, id: number | null) => {
    const item = list.find((x) => x.id === id);
    return item ? (item.name ?? item.title ?? item.display_name ?? '') : t('planning.field.facilitator.none');
  };
  return (
    <section aria-labelledby="apercu">
      <h2 id="apercu" tabIndex={-1}>
        {t('planning.series.preview.title', { ok, conflicts: candidates.length - ok })}
      </h2>
      <div class="table-scroll">
        <table class="data">
          <caption>{t('planning.series.preview.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('planning.sessions.col.date')}</th>
              <th scope="col">{t('planning.sessions.col.workshop')}</th>
              <th scope="col">{t('planning.sessions.col.venue')}</th>
              <th scope="col">{t('planning.sessions.col.facilitator')}</th>
              <th scope="col">{t('planning.series.col.check')}</th>
            </tr>
          </thead>
          <tbody>
            {candidates.map((c, i) => (
              <tr key={i}>
                <td>{formatSlot(c.plan.startsAt.toISOString(), c.plan.endsAt.toISOString())}</td>
                <td>{name(options.workshops, c.plan.workshopId)}</td>
                <td>{name(options.venues, c.plan.venueId)}</td>
                <td>{name(options.facilitators, c.plan.facilitatorId)}</td>
                <td class={c.conflict ? 'conflict' : 'ok'}>{c.conflict ?? t('planning.series.ok')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {ok > 0 ? (
        <form method="post" action={action}>
          <CsrfField token={csrf} />
          {hidden.map(([k, v], i) => (
            <input key={i} type="hidden" name={k} value={v} />
          ))}
          <input type="hidden" name="etape" value="creer" />
          <button type="submit" class="button">
            {t('planning.series.create', { count: ok })}
          </button>
        </form>
      ) : (
        <p class="conflict">{t('planning.series.nothing')}</p>
      )}
    </section>
  );
}

export function SeriesPage(props: { csrf: string; values: FormValues; venues: string[]; errors: FieldErrors; options: PlanningOptions; candidates?: Candidate[] }) {
  const { csrf, values, venues, errors, options, candidates } = props;
  const labels = seriesLabels();
  const hidden: Array<[string, string]> = [...Object.entries(values), ...venues.map((v): [string, string] => ['venues', v])].filter(([k]) => k !== 'etape');
  return (
    <>
      <PlanningNav current="/equipe/seances/planifier" />
      <h1>{t('planning.series.title')}</h1>
      <p>{t('planning.series.intro')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action="/equipe/seances/planifier" novalidate>
        <CsrfField token={csrf} />
        <SelectField name="workshop" label={labels.workshop!} value={values.workshop} errors={errors} required placeholder="—" options={options.workshops.map((w) => ({ value: String(w.id), label: w.title }))} />
        <SelectField name="cycle" label={labels.cycle!} value={values.cycle} errors={errors} required placeholder="—" options={options.cycles.map((c) => ({ value: String(c.id), label: c.name }))} />
        <fieldset id="venues" aria-describedby={errors.venues ? 'venues-erreur' : undefined}>
          <legend>{labels.venues}</legend>
          {errors.venues ? (
            <p class="error-message" id="venues-erreur">
              {errors.venues}
            </p>
          ) : null}
          {options.venues.map((v) => (
            <div class="field field-checkbox" key={v.id}>
              <input type="checkbox" id={`venue-${v.id}`} name="venues" value={String(v.id)} checked={venues.includes(String(v.id))} />
              <label for={`venue-${v.id}`}>{`${v.name} (${t('home.venue.workstations', { count: v.workstations })})`}</label>
            </div>
          ))}
        </fieldset>
        <TextField name="first_date" type="date" label={labels.first_date!} hint={t('planning.field.date.hint')} value={values.first_date} errors={errors} required />
        <TextField name="weeks" label={labels.weeks!} inputMode="numeric" value={values.weeks} errors={errors} required />
        <TextField name="every" label={labels.every!} inputMode="numeric" value={values.every} errors={errors} />
        <TextField name="start" type="time" label={labels.start!} hint={t('planning.field.time.hint')} value={values.start} errors={errors} required />
        <TextField name="end" type="time" label={labels.end!} value={values.end} errors={errors} required />
        <SelectField
          name="facilitator"
          label={labels.facilitator!}
          value={values.facilitator ?? 'auto'}
          errors={errors}
          options={[{ value: 'auto', label: t('planning.field.facilitator.auto') }, { value: '', label: t('planning.field.facilitator.none') }, ...options.facilitators.map((f) => ({ value: String(f.id), label: f.display_name }))]}
        />
        <TextField name="seats" label={labels.seats!} hint={t('planning.series.seats.hint')} inputMode="numeric" value={values.seats} errors={errors} />
        <CheckboxField name="beginner" label={t('planning.field.beginner')} checked={values.beginner === '1'} errors={errors} />
        <input type="hidden" name="etape" value="apercu" />
        <button type="submit" class="button button-secondary">
          {t('planning.series.preview')}
        </button>
      </form>
      {candidates ? <Preview candidates={candidates} options={options} hidden={hidden} csrf={csrf} action="/equipe/seances/planifier" /> : null}
    </>
  );
}

export function DuplicatePage(props: { csrf: string; values: FormValues; errors: FieldErrors; options: PlanningOptions; candidates?: Candidate[]; weeks?: number }) {
  const { csrf, values, errors, options, candidates } = props;
  const labels = seriesLabels();
  const cycles = options.cycles.map((c) => ({ value: String(c.id), label: c.name }));
  return (
    <>
      <PlanningNav current="/equipe/seances/reprendre" />
      <h1>{t('planning.duplicate.title')}</h1>
      <p>{t('planning.duplicate.intro')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action="/equipe/seances/reprendre" novalidate>
        <CsrfField token={csrf} />
        <SelectField name="source" label={labels.source!} value={values.source} errors={errors} required placeholder="—" options={cycles} />
        <SelectField name="target" label={labels.target!} value={values.target} errors={errors} required placeholder="—" options={cycles} />
        <input type="hidden" name="etape" value="apercu" />
        <button type="submit" class="button button-secondary">
          {t('planning.series.preview')}
        </button>
      </form>
      {props.weeks !== undefined ? <p>{t('planning.duplicate.shift', { weeks: props.weeks })}</p> : null}
      {candidates ? (
        <Preview candidates={candidates} options={options} hidden={[['source', values.source ?? ''], ['target', values.target ?? '']]} csrf={csrf} action="/equipe/seances/reprendre" />
      ) : null}
    </>
  );
}
