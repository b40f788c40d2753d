import type { FormValues } from '../../platform/forms.js';
import { formatDate, formatDateTime, formatSlot, formatTime, t, type MessageKey } from '../../platform/i18n/index.js';
import { CheckboxField, CsrfField, ErrorSummary, SelectField, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import { LEVELS, SECTORS } from '../../registration/form.js';
import type { FacilitationSession } from '../queries.js';
import { NoShowFlag } from '../no-shows/views.js';
import { Pagination } from '../../planning/ui.js';
import type { Attendance } from './commands.js';
import { walkInLabels } from './form.js';
import type { AttendanceCounts, AttendanceRow, OwnSession } from './queries.js';

const ATTENDANCE: Attendance[] = ['present', 'absent', 'excused'];

export const sessionLinks = (id: number) => ({
  attendance: `/equipe/seances/${id}/emargement`,
  sheet: `/equipe/seances/${id}/feuille-emargement.pdf`,
  report: `/equipe/seances/${id}/compte-rendu`,
});

/** The state of a session as its facilitator sees it. */
export function sessionState(s: { status: string; starts_at: string; ends_at: string }, now: Date): MessageKey {
  if (s.status === 'cancelled') return 'facilitation.state.cancelled';
  if (s.status === 'held') return 'facilitation.state.closed';
  if (s.ends_at < now.toISOString()) return 'facilitation.state.to_close';
  if (s.starts_at <= now.toISOString()) return 'facilitation.state.running';
  return 'facilitation.state.upcoming';
}

function SessionItem({ s, now }: { s: OwnSession; now: Date }) {
  const links = sessionLinks(s.id);
  const state = sessionState(s, now);
  return (
    <li class={`own-session${state === 'facilitation.state.to_close' ? ' own-session-due' : ''}`}>
      <h3>
        <a href={links.attendance}>{s.workshop_title}</a>
      </h3>
      <p>
        {formatSlot(s.starts_at, s.ends_at)} — {s.venue_name}
      </p>
      <p>
        <strong>{t(state)}</strong> · {t('facilitation.seats', { taken: s.seats_taken, seats: s.seats })}
      </p>
      {s.status !== 'cancelled' ? (
        <p class="actions">
          <a href={links.attendance} class="button">
            {t('facilitation.open_attendance')}
            <span class="visually-hidden">{` : ${s.workshop_title}, ${formatDate(s.starts_at)}`}</span>
          </a>
          <a href={links.sheet}>
            {t('facilitation.print_sheet')}
            <span class="visually-hidden">{` : ${s.workshop_title}, ${formatDate(s.starts_at)}`}</span>
          </a>
          <a href={links.report}>
            {t('facilitation.report')}
            <span class="visually-hidden">{` : ${s.workshop_title}, ${formatDate(s.starts_at)}`}</span>
          </a>
        </p>
      ) : null}
    </li>
  );
}

export function MySessionsPage(props: { upcoming: OwnSession[]; past: OwnSession[]; pastPage: number; pastPages: number; now: Date; canSeeAll: boolean }) {
  const { upcoming, past, now } = props;
  return (
    <>
      <h1>{t('facilitation.mine.title')}</h1>
      {props.canSeeAll ? (
        <p>
          <a href="/equipe/seances">{t('facilitation.mine.all')}</a>
        </p>
      ) : null}
      <section aria-labelledby="a-venir">
        <h2 id="a-venir">{t('facilitation.mine.upcoming')}</h2>
        {upcoming.length ? (
          <ul class="own-sessions">
            {upcoming.map((s) => (
              <SessionItem key={s.id} s={s} now={now} />
            ))}
          </ul>
        ) : (
          <p>{t('facilitation.mine.none_upcoming')}</p>
        )}
      </section>
      <section aria-labelledby="passees">
        <h2 id="passees">{t('facilitation.mine.past')}</h2>
        {past.length ? (
          <ul class="own-sessions">
            {past.map((s) => (
              <SessionItem key={s.id} s={s} now={now} />
            ))}
          </ul>
        ) : (
          <p>{t('facilitation.mine.none_past')}</p>
        )}
        <Pagination path="/equipe/mes-seances" query={{}} page={props.pastPage} pages={props.pastPages} />
      </section>
    </>
  );
}

const personName = (r: Pick<AttendanceRow, 'first_name' | 'last_name'>) => `${r.first_name} ${r.last_name}`;

/** One person on the tablet: who they are, and three large buttons, one tap each. */
function PersonCard({ r, csrf, sessionId, editable, noShows, threshold, referable }: { r: AttendanceRow; csrf: string; sessionId: number; editable: boolean; noShows: number; threshold: number | null; referable: boolean }) {
  const nameId = `nom-${r.id}`;
  const state = r.attendance ? t(`facilitation.attendance.${r.attendance}`) : t('facilitation.attendance.unmarked');
  return (
    <li id={`inscription-${r.id}`} class={`person${r.attendance ? ` person-${r.attendance}` : ''}`} data-attendance={r.attendance ?? ''}>
      <div class="person-who">
        <h3 id={nameId} class="person-name">
          {personName(r)}
        </h3>
        <p class="person-meta">
          {[r.company_name, r.sector ? t(`registration.sector.${r.sector}` as MessageKey) : null, r.digital_level ? t(`registration.level.${r.digital_level}` as MessageKey) : null].filter(Boolean).join(' · ')}
        </p>
        <p class="person-badges">
          {Number(r.visits_before) === 0 ? <span class="badge">{t('facilitation.first_visit')}</span> : <span class="badge badge-quiet">{t('facilitation.visits', { count: Number(r.visits_before) })}</span>}
          {r.walk_in ? <span class="badge">{t('facilitation.walk_in.badge')}</span> : null}
          {threshold !== null ? <NoShowFlag count={noShows} threshold={threshold} /> : null}
        </p>
        {r.notes ? (
          <p class="person-notes">
            <span class="visually-hidden">{t('facilitation.notes')} : </span>« {r.notes} »
          </p>
        ) : null}
        <p class="person-state" id={`etat-${r.id}`}>
          {t('facilitation.attendance.state')} : <strong>{state}</strong>
        </p>
        {referable && r.attendance === 'present' ? (
          <p class="person-referral">
            <a href={`/equipe/orientations/nouvelle?seance=${sessionId}&participant=${r.participant_id}`}>
              {t('referrals.attendance.link')}
              <span class="visually-hidden"> ({personName(r)})</span>
            </a>
          </p>
        ) : null}
      </div>
      {editable ? (
        <form method="post" action={`/equipe/seances/${sessionId}/emargement/${r.id}`} class="attendance-form" data-attendance-form="">
          <CsrfField token={csrf} />
          <div role="group" aria-labelledby={nameId} class="attendance-buttons">
            {ATTENDANCE.map((a) => (
              <button key={a} type="submit" name="attendance" value={a} class={`tap tap-${a}`} aria-pressed={r.attendance === a ? 'true' : 'false'}>
                {t(`facilitation.attendance.${a}`)}
              </button>
            ))}
          </div>
        </form>
      ) : null}
    </li>
  );
}

export interface AttendancePageProps {
  session: FacilitationSession;
  rows: AttendanceRow[];
  counts: AttendanceCounts;
  csrf: string;
  now: Date;
  opensAt: Date;
  coordinator: boolean;
  /** No-shows by participant, shown to the coordination only. */
  noShows: Map<number, number>;
  threshold: number;
  closedBy: string | null;
  walkIn: { values: FormValues; errors: FieldErrors };
  closeErrors: FieldErrors;
  alert?: string | undefined;
}

export function AttendancePage(p: AttendancePageProps) {
  const { session: s, rows, counts, csrf } = p;
  const links = sessionLinks(s.id);
  const confirmed = rows.filter((r) => r.status === 'confirmed');
  const waiting = rows.filter((r) => r.status === 'waitlisted');
  const open = s.status !== 'cancelled' && p.now >= p.opensAt;
  const closed = s.status === 'held';
  const editable = open && (!closed || p.coordinator);
  const walkInOpen = Object.keys(p.walkIn.errors).length > 0;
  return (
    <>
      <p class="breadcrumb">
        <a href="/equipe/mes-seances">{t('facilitation.mine.title')}</a>
      </p>
      <h1>{t('facilitation.attendance.title', { workshop: s.workshop_title })}</h1>
      <p class="session-when">
        {formatSlot(s.starts_at, s.ends_at)} — {s.venue_name}, {s.commune_name}
      </p>
      <p>{s.facilitator_name ? t('facilitation.led_by', { name: s.facilitator_name }) : t('facilitation.no_facilitator')}</p>
      <p class="actions">
        <a href={links.sheet}>{t('facilitation.print_sheet')}</a>
        <a href={links.report}>{t('facilitation.report')}</a>
        {p.coordinator ? <a href={`/equipe/seances/${s.id}`}>{t('facilitation.planning_link')}</a> : null}
      </p>
      {p.alert ? (
        <p class="error-summary" role="alert">
          {p.alert}
        </p>
      ) : null}
      {s.status === 'cancelled' ? <p class="notice-cancelled">{t('facilitation.cancelled')}</p> : null}
      {closed ? (
        <p class="notice">
          {t('facilitation.closed_on', { date: formatDateTime(s.closed_at ?? s.ends_at), by: p.closedBy ?? '—' })} {p.coordinator ? t('facilitation.closed.coordinator') : t('facilitation.closed.facilitator')}
        </p>
      ) : null}
      {!open && s.status !== 'cancelled' ? <p class="notice">{t('facilitation.not_open', { date: formatDate(p.opensAt), time: formatTime(p.opensAt) })}</p> : null}

      <p class="attendance-counts" id="compteurs" aria-live="polite">
        {t('facilitation.counts', { present: counts.present, absent: counts.absent, excused: counts.excused, unmarked: counts.unmarked, total: confirmed.length })}
      </p>

      <h2>{t('facilitation.registered', { count: confirmed.length })}</h2>
      {confirmed.length ? (
        <ul class="attendance-list">
          {confirmed.map((r) => (
            <PersonCard key={r.id} r={r} csrf={csrf} sessionId={s.id} editable={editable} noShows={p.noShows.get(r.participant_id) ?? 0} threshold={p.coordinator ? p.threshold : null} referable={new Date(s.starts_at) <= p.now} />
          ))}
        </ul>
      ) : (
        <p>{t('facilitation.nobody')}</p>
      )}
      {waiting.length ? (
        <>
          <h2>{t('facilitation.waitlist', { count: waiting.length })}</h2>
          <p>{t('facilitation.waitlist.hint')}</p>
          <ul>
            {waiting.map((r) => (
              <li key={r.id}>
                {personName(r)}
                {r.company_name ? ` — ${r.company_name}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {editable ? (
        <details class="walk-in" open={walkInOpen} id="sur-place">
          <summary>{t('facilitation.walk_in.title')}</summary>
          <p>{t('facilitation.walk_in.intro')}</p>
          <ErrorSummary errors={p.walkIn.errors} labels={walkInLabels()} />
          <form method="post" action={`/equipe/seances/${s.id}/sur-place`} novalidate>
            <CsrfField token={csrf} />
            <TextField name="first_name" label={t('registration.field.first_name')} value={p.walkIn.values.first_name} errors={p.walkIn.errors} required autocomplete="off" maxLength={80} />
            <TextField name="last_name" label={t('registration.field.last_name')} value={p.walkIn.values.last_name} errors={p.walkIn.errors} required autocomplete="off" maxLength={80} />
            <TextField name="email" type="email" label={t('registration.field.email')} hint={t('facilitation.walk_in.email_hint')} value={p.walkIn.values.email} errors={p.walkIn.errors} required autocomplete="off" maxLength={254} />
            <TextField name="company" label={t('registration.field.company')} value={p.walkIn.values.company} errors={p.walkIn.errors} required autocomplete="off" maxLength={150} />
            <SelectField name="sector" label={t('registration.field.sector')} value={p.walkIn.values.sector} errors={p.walkIn.errors} required placeholder="—" options={SECTORS.map((v) => ({ value: v, label: t(`registration.sector.${v}` as MessageKey) }))} />
            <SelectField name="level" label={t('facilitation.walk_in.level')} value={p.walkIn.values.level} errors={p.walkIn.errors} placeholder="—" options={LEVELS.map((l) => ({ value: l, label: t(`registration.level.${l}` as MessageKey) }))} />
            <button type="submit" class="button">
              {t('facilitation.walk_in.submit')}
            </button>
          </form>
        </details>
      ) : null}

      {open && !closed ? (
        <form method="post" action={`/equipe/seances/${s.id}/cloture`} class="close-form" novalidate>
          <CsrfField token={csrf} />
          <h2>{t('facilitation.close.title')}</h2>
          <p>{counts.unmarked ? t('facilitation.close.unmarked', { count: counts.unmarked }) : t('facilitation.close.all_marked')}</p>
          <p>{t('facilitation.close.certificates', { count: counts.present })}</p>
          <ErrorSummary errors={p.closeErrors} labels={{ confirm: t('facilitation.close.confirm'), _form: t('facilitation.close.title') }} />
          <CheckboxField name="confirm" label={t('facilitation.close.confirm')} checked={false} errors={p.closeErrors} />
          <button type="submit" class="button">
            {t('facilitation.close.submit')}
          </button>
        </form>
      ) : null}
    </>
  );
}

export function CertificateCheckPage(props: { code: string; result: 'form' | 'invalid' | 'unknown' | 'revoked' | 'valid'; facts?: { name: string; company: string | null; workshop: string; startsAt: string; endsAt: string; venue: string; programme: string; issuedAt: string } }) {
  const { result, facts } = props;
  return (
    <>
      <h1>{t('facilitation.verify.title')}</h1>
      <p>{t('facilitation.verify.intro')}</p>
      <form method="get" action="/attestations/verifier" class="filters" role="search">
        <div class="field">
          <label for="code">{t('facilitation.verify.code')}</label>
          <p class="hint" id="code-aide">
            {t('facilitation.verify.code_hint')}
          </p>
          <input id="code" name="code" type="text" value={props.code} autocomplete="off" spellcheck={false} aria-describedby="code-aide" maxLength={40} />
        </div>
        <div class="field">
          <button type="submit" class="button">
            {t('facilitation.verify.submit')}
          </button>
        </div>
      </form>
      {result === 'invalid' ? (
        <p class="error-summary" role="alert">
          {t('facilitation.verify.invalid')}
        </p>
      ) : null}
      {result === 'unknown' ? (
        <p class="error-summary" role="alert">
          {t('facilitation.verify.unknown', { code: props.code })}
        </p>
      ) : null}
      {result === 'revoked' ? (
        <p class="error-summary" role="alert">
          {t('facilitation.verify.revoked', { code: props.code })}
        </p>
      ) : null}
      {result === 'valid' && facts ? (
        <section aria-labelledby="resultat" class="verify-ok">
          <h2 id="resultat">{t('facilitation.verify.valid', { code: props.code })}</h2>
          <dl class="facts">
            <div>
              <dt>{t('facilitation.verify.person')}</dt>
              <dd>{facts.company ? `${facts.name} (${facts.company})` : facts.name}</dd>
            </div>
            <div>
              <dt>{t('registration.mail.details.workshop')}</dt>
              <dd>{facts.workshop}</dd>
            </div>
            <div>
              <dt>{t('registration.mail.details.when')}</dt>
              <dd>{formatSlot(facts.startsAt, facts.endsAt)}</dd>
            </div>
            <div>
              <dt>{t('registration.mail.details.where')}</dt>
              <dd>{facts.venue}</dd>
            </div>
            <div>
              <dt>{t('facilitation.verify.programme')}</dt>
              <dd>{facts.programme}</dd>
            </div>
            <div>
              <dt>{t('facilitation.verify.issued')}</dt>
              <dd>{formatDate(facts.issuedAt)}</dd>
            </div>
          </dl>
        </section>
      ) : null}
    </>
  );
}
