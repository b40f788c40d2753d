import { formatDate, t } from '../../platform/i18n/index.js';
import { CsrfField, type FieldErrors } from '../../platform/layout/forms.js';
import { PlanningNav } from '../../planning/ui.js';
import { DAYS, TIMES } from './form.js';
import type { DemandBoard } from './queries.js';
import type { OpenPoll } from '../polls/queries.js';
import { dayLabel, timeLabel } from './views.js';

type Group = DemandBoard['groups'][number];
const DAY = 86400_000;

/** Preferred days × times of a group, as counts of people (empty cells stay empty). */
function SlotTable({ group, slots, caption }: { group: Group; slots: DemandBoard['slots']; caption: string }) {
  const counts = new Map<string, number>();
  for (const s of slots) {
    if (s.workshop_id !== group.workshop_id || s.venue_id !== group.venue_id) continue;
    for (const d of s.days.split(',')) for (const x of s.times.split(',')) counts.set(`${d}/${x}`, (counts.get(`${d}/${x}`) ?? 0) + Number(s.people));
  }
  return (
    <table class="data slots">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <td />
          {TIMES.map((x) => (
            <th scope="col" key={x}>
              {timeLabel(x)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {DAYS.map((d) => (
          <tr key={d}>
            <th scope="row">{dayLabel(d)}</th>
            {TIMES.map((x) => (
              <td key={x}>{counts.get(`${d}/${x}`) ?? ''}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DemandBoardPage({ board, polls, csrf, now, workshops, errors, values }: { board: DemandBoard; polls: OpenPoll[]; csrf: string; now: Date; workshops: Array<{ id: number; title: string }>; errors: FieldErrors; values: Record<string, string> }) {
  const waiting = new Map(board.waitlists.map((w) => [w.workshop_id, Number(w.waiting)]));
  const shownWorkshops = new Set(board.groups.map((g) => g.workshop_id));
  const ageDays = (iso: string) => Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / DAY));
  return (
    <>
      <PlanningNav current="/equipe/demandes" />
      <h1>{t('ondemand.board.title')}</h1>
      <p>{t('ondemand.board.intro')}</p>
      <p>
        <a href="/equipe/demandes/indicateurs">{t('ondemand.board.indicators')}</a>
      </p>
      {polls.length ? (
        <section aria-labelledby="sondages">
          <h2 id="sondages">{t('ondemand.board.polls')}</h2>
          <ul>
            {polls.map((p) => (
              <li key={p.id}>
                <a href={`/equipe/sondages/${p.id}`}>{t('ondemand.board.poll_item', { workshop: p.workshop_title, venue: p.venue_name, requests: Number(p.requests), date: formatDate(p.closes_at) })}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {board.groups.length === 0 ? <p>{t('ondemand.board.none')}</p> : null}
      {board.groups.map((g) => {
        const people = Number(g.people);
        const queue = waiting.get(g.workshop_id!) ?? 0;
        const ready = people + queue >= g.demand_threshold;
        const id = `groupe-${g.workshop_id}-${g.venue_id ?? 0}`;
        return (
          <section key={id} class={`demand-group${ready ? ' demand-ready' : ''}`} aria-labelledby={id}>
            <h2 id={id}>
              {g.workshop_title} — {g.venue_name ?? t('ondemand.venue.any')}
            </h2>
            <p>
              {ready ? <strong class="badge">{t('ondemand.board.ready')}</strong> : null}
              {t('ondemand.board.counts', { requests: Number(g.requests), people, threshold: g.demand_threshold, days: ageDays(g.oldest) })}
              {queue ? ` ${t('ondemand.board.waitlist', { count: queue })}` : ''}
            </p>
            <SlotTable group={g} slots={board.slots} caption={t('ondemand.board.slots', { workshop: g.workshop_title })} />
            <p>
              <a href={`/equipe/demandes/sondage?atelier=${g.workshop_id}&lieu=${g.venue_id ?? 0}`} class={ready ? 'button' : undefined}>
                {t('ondemand.board.propose')}
                <span class="visually-hidden">{` : ${g.workshop_title}, ${g.venue_name ?? t('ondemand.venue.any')}`}</span>
              </a>
            </p>
            <ThresholdForm csrf={csrf} workshopId={g.workshop_id!} threshold={g.demand_threshold} idSuffix={`${g.workshop_id}-${g.venue_id ?? 0}`} errors={errors} values={values} />
          </section>
        );
      })}
      {board.waitlists.filter((w) => !shownWorkshops.has(w.workshop_id)).length ? (
        <section aria-labelledby="attente">
          <h2 id="attente">{t('ondemand.board.waitlists')}</h2>
          <ul>
            {board.waitlists
              .filter((w) => !shownWorkshops.has(w.workshop_id))
              .map((w) => (
                <li key={w.workshop_id}>{t('ondemand.board.waitlist_only', { workshop: w.workshop_title, count: Number(w.waiting) })}</li>
              ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="sujets">
        <h2 id="sujets">{t('ondemand.board.topics')}</h2>
        {board.topics.length ? (
          <ul class="questions">
            {board.topics.map((r) => (
              <li key={r.id} class="question">
                <p>
                  <strong>{r.topic}</strong> — {t('ondemand.board.topic_meta', { people: r.people, date: formatDate(r.created_at), venue: r.venue_name ?? t('ondemand.venue.any') })}
                </p>
                {r.comment ? <p>« {r.comment} »</p> : null}
                <form method="post" action={`/equipe/demandes/${r.id}/rattachement`} class="inline-choice">
                  <CsrfField token={csrf} />
                  <label for={`atelier-${r.id}`}>{t('ondemand.board.attach', { topic: r.topic ?? '' })}</label>
                  <select id={`atelier-${r.id}`} name="workshop">
                    {workshops.map((w) => (
                      <option key={w.id} value={String(w.id)}>
                        {w.title}
                      </option>
                    ))}
                  </select>
                  <button type="submit" class="link-button">
                    {t('ondemand.board.attach_submit')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('ondemand.board.no_topics')}</p>
        )}
      </section>
    </>
  );
}

function ThresholdForm({ csrf, workshopId, threshold, idSuffix, errors, values }: { csrf: string; workshopId: number; threshold: number; idSuffix: string; errors: FieldErrors; values: Record<string, string> }) {
  const key = `seuil-${workshopId}`;
  const error = errors[key];
  const inputId = `seuil-${idSuffix}`;
  return (
    <form method="post" action={`/equipe/ateliers/${workshopId}/seuil-demande`} class="inline-choice threshold">
      <CsrfField token={csrf} />
      <label for={inputId}>{t('ondemand.board.threshold')}</label>
      {error ? (
        <p class="error-message" id={`${inputId}-erreur`}>
          {error}
        </p>
      ) : null}
      <input id={inputId} name="threshold" inputMode="numeric" size={3} maxLength={3} value={error ? (values[key] ?? '') : String(threshold)} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${inputId}-erreur` : undefined} />
      <button type="submit" class="link-button">
        {t('ondemand.board.threshold_submit')}
      </button>
    </form>
  );
}
