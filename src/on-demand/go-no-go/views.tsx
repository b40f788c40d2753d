import { formatSlot, t } from '../../platform/i18n/index.js';
import { CsrfField, ErrorSummary, type FieldErrors } from '../../platform/layout/forms.js';
import { DataTable } from '../../platform/layout/DataTable.js';
import { PlanningNav } from '../../planning/ui.js';
import type { BoardSession, MergeTarget, goNoGoBoard } from './queries.js';

type Board = Awaited<ReturnType<typeof goNoGoBoard>>;

/** Field ids carry the session's id: the board holds one set of forms per session. */
export const fieldId = (name: 'target' | 'reason', sessionId: number) => `${name}-${sessionId}`;

/** Labels of the board's fields, for the error summary's links. */
export function boardLabels(board: Board): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const s of board.due) {
    const what = ` (${s.workshop_title}, ${formatSlot(s.starts_at, s.ends_at)})`;
    labels[fieldId('target', s.id)] = t('gonogo.merge.target') + what;
    labels[fieldId('reason', s.id)] = t('gonogo.cancel.reason') + what;
  }
  return labels;
}

const fill = (s: { seats_taken: number; min_seats: number; seats: number }) => t('gonogo.fill', { taken: s.seats_taken, min: s.min_seats, seats: s.seats });

/** A field's error, shown beside it, and the attributes that tie it to its control. */
function FieldError({ id, errors }: { id: string; errors: FieldErrors }) {
  return errors[id] ? (
    <p class="error-message" id={`${id}-erreur`}>
      {errors[id]}
    </p>
  ) : null;
}
const invalid = (id: string, errors: FieldErrors) => (errors[id] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-erreur` } : {});

function SessionDecision({ s, targets, csrf, errors, values }: { s: BoardSession; targets: MergeTarget[]; csrf: string; errors: FieldErrors; values: Record<string, string> }) {
  const headingId = `seance-${s.id}`;
  const target = fieldId('target', s.id);
  const reason = fieldId('reason', s.id);
  const others = targets.filter((o) => o.workshop_id === s.workshop_id && o.id !== s.id);
  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('gonogo.session.heading', { workshop: s.workshop_title, date: formatSlot(s.starts_at, s.ends_at) })}</h2>
      <dl>
        <dt>{t('gonogo.field.venue')}</dt>
        <dd>{s.venue_name}</dd>
        <dt>{t('gonogo.field.fill')}</dt>
        <dd>{fill(s)}</dd>
      </dl>
      <p>
        <a href={`/equipe/seances/${s.id}/inscrits`}>
          {t('gonogo.roster_link')}
          <span class="visually-hidden">{` : ${s.workshop_title}, ${formatSlot(s.starts_at, s.ends_at)}`}</span>
        </a>
      </p>

      <h3>{t('gonogo.keep.title')}</h3>
      <form method="post" action={`/equipe/seances/${s.id}/maintien`}>
        <CsrfField token={csrf} />
        <p>{t('gonogo.keep.intro')}</p>
        <button type="submit" class="button">
          {t('gonogo.keep.submit')}
          <span class="visually-hidden">{` : ${s.workshop_title}, ${formatSlot(s.starts_at, s.ends_at)}`}</span>
        </button>
      </form>

      <h3>{t('gonogo.merge.title')}</h3>
      {others.length === 0 ? (
        <p>{t('gonogo.merge.none')}</p>
      ) : (
        <form method="post" action={`/equipe/seances/${s.id}/regroupement`} novalidate>
          <CsrfField token={csrf} />
          <p>{t('gonogo.merge.intro', { count: s.seats_taken })}</p>
          <div class={errors[target] ? 'field field-error' : 'field'}>
            <label for={target}>{t('gonogo.merge.target')}</label>
            <FieldError id={target} errors={errors} />
            <select id={target} name="target" required {...invalid(target, errors)}>
              <option value="">—</option>
              {others.map((o) => (
                <option key={o.id} value={String(o.id)} selected={values[target] === String(o.id)}>
                  {t('gonogo.merge.option', { slot: formatSlot(o.starts_at, o.ends_at), venue: o.venue_name, free: Math.max(0, o.seats - o.seats_taken) })}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button button-secondary">
            {t('gonogo.merge.submit')}
            <span class="visually-hidden">{` : ${s.workshop_title}, ${formatSlot(s.starts_at, s.ends_at)}`}</span>
          </button>
        </form>
      )}

      <h3>{t('gonogo.cancel.title')}</h3>
      <form method="post" action={`/equipe/seances/${s.id}/annulation-maintien`} novalidate>
        <CsrfField token={csrf} />
        <p>{t('gonogo.cancel.intro')}</p>
        <div class={errors[reason] ? 'field field-error' : 'field'}>
          <label for={reason}>
            {t('gonogo.cancel.reason')}
            <span class="required"> ({t('form.required').toLowerCase()})</span>
          </label>
          <FieldError id={reason} errors={errors} />
          <textarea id={reason} name="reason" rows={3} maxLength={500} required {...invalid(reason, errors)}>
            {values[reason] ?? ''}
          </textarea>
        </div>
        <button type="submit" class="button danger">
          {t('gonogo.cancel.submit')}
          <span class="visually-hidden">{` : ${s.workshop_title}, ${formatSlot(s.starts_at, s.ends_at)}`}</span>
        </button>
      </form>
    </section>
  );
}

export function GoNoGoPage(props: { board: Board; days: number; csrf: string; errors?: FieldErrors; values?: Record<string, string> }) {
  const { board, days, csrf } = props;
  const errors = props.errors ?? {};
  const values = props.values ?? {};
  return (
    <>
      <PlanningNav current="/equipe/maintien" />
      <h1>{t('gonogo.title')}</h1>
      <p>{t('gonogo.intro', { days })}</p>
      <ErrorSummary errors={errors} labels={boardLabels(board)} />
      {board.due.length === 0 ? <p role="status">{t('gonogo.none')}</p> : <p role="status">{t('gonogo.count', { count: board.due.length })}</p>}
      {board.due.map((s) => (
        <SessionDecision key={s.id} s={s} targets={board.targets} csrf={csrf} errors={errors} values={values} />
      ))}

      <h2>{t('gonogo.later.title')}</h2>
      <p>{t('gonogo.later.intro', { days })}</p>
      {board.later.length === 0 ? (
        <p>{t('gonogo.later.none')}</p>
      ) : (
        <DataTable
          caption={t('gonogo.later.caption', { days })}
          rows={board.later}
          columns={[
            { header: t('gonogo.col.date'), cell: (r) => <a href={`/equipe/seances/${r.id}`}>{formatSlot(r.starts_at, r.ends_at)}</a> },
            { header: t('gonogo.col.workshop'), cell: (r) => r.workshop_title },
            { header: t('gonogo.col.venue'), cell: (r) => r.venue_name },
            { header: t('gonogo.col.fill'), cell: (r) => t('gonogo.fill.short', { taken: r.seats_taken, min: r.min_seats, seats: r.seats }) },
          ]}
        />
      )}
      {board.laterTotal > board.later.length ? <p>{t('gonogo.later.more', { shown: board.later.length, count: board.laterTotal })}</p> : null}
    </>
  );
}
