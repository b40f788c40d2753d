import { formatSlot, t } from '../platform/i18n/index.js';
import { CheckboxField, CsrfField, ErrorSummary, SelectField, TextAreaField, TextField, type FieldErrors } from '../platform/layout/forms.js';
import type { FormValues } from '../platform/forms.js';
import { LEVELS, OUTSIDE, SECTORS, registrationLabels } from './form.js';
import type { RegistrationSession } from './queries.js';
import { NextWorkshops, PartnerPath } from '../pathway/views.js';
import type { NextWorkshop } from '../pathway/path.js';

type OtherDate = { id: number; starts_at: string; ends_at: string; seats: number; seats_taken: number; venue_name: string };

function SessionSummary({ s }: { s: RegistrationSession }) {
  const left = s.seats - s.seats_taken;
  return (
    <section class="session-card" aria-labelledby="seance-choisie">
      <h2 id="seance-choisie">{s.workshop_title}</h2>
      <p class="session-when">{formatSlot(s.starts_at, s.ends_at)}</p>
      <p>{`${s.venue_name}, ${s.venue_address}, ${s.postcodes.split(',')[0] ?? ''} ${s.commune_name}`}</p>
      <p>{left > 0 ? t('registration.seats_left', { count: left }) : t('registration.full')}</p>
    </section>
  );
}

export function OtherDates({ dates }: { dates: OtherDate[] }) {
  if (!dates.length) return null;
  return (
    <section aria-labelledby="autres-dates">
      <h2 id="autres-dates">{t('registration.other_dates')}</h2>
      <ul>
        {dates.map((d) => (
          <li key={d.id}>
            <a href={`/seances/${d.id}/inscription`}>{`${formatSlot(d.starts_at, d.ends_at)} — ${d.venue_name}`}</a>
            {d.seats - d.seats_taken > 0 ? ` (${t('registration.seats_left', { count: d.seats - d.seats_taken })})` : ` (${t('home.session.full')})`}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function RegistrationFormPage(props: {
  csrf: string;
  session: RegistrationSession;
  values: FormValues;
  errors: FieldErrors;
  communes: Array<{ insee_code: string; name: string; postcodes: string }>;
  closedMessage: string | null;
  otherDates: OtherDate[];
  /** Where the form posts: the public page, or the coordinator's « inscrire quelqu’un ». */
  action?: string;
  /** Came with a requester's invitation (session opened on demand). */
  invited?: boolean;
}) {
  const { csrf, session, values, errors, communes, closedMessage } = props;
  const labels = registrationLabels();
  return (
    <>
      <h1>{t('registration.title')}</h1>
      <SessionSummary s={session} />
      {closedMessage ? (
        <p class="notice" role="status">
          {closedMessage}
        </p>
      ) : (
        <>
          <p>{props.invited ? t('registration.invited') : t('registration.intro')}</p>
          <ErrorSummary errors={errors} labels={labels} />
          <form method="post" action={props.action ?? `/seances/${session.id}/inscription`} novalidate>
            <CsrfField token={csrf} />
            {props.invited && values.invitation ? <input type="hidden" name="invitation" value={values.invitation} /> : null}
            {values.ref ? <input type="hidden" name="ref" value={values.ref} /> : null}
            <fieldset>
              <legend>{t('registration.you')}</legend>
              <TextField name="first_name" label={labels.first_name!} value={values.first_name} errors={errors} required autocomplete="given-name" maxLength={80} />
              <TextField name="last_name" label={labels.last_name!} value={values.last_name} errors={errors} required autocomplete="family-name" maxLength={80} />
              <TextField name="email" type="email" label={labels.email!} hint={t('registration.field.email.hint')} value={values.email} errors={errors} required autocomplete="email" maxLength={254} />
              <TextField name="phone" type="tel" label={labels.phone!} hint={t('registration.field.phone.hint')} value={values.phone} errors={errors} autocomplete="tel" maxLength={40} />
            </fieldset>
            <fieldset>
              <legend>{t('registration.company')}</legend>
              <TextField name="company" label={labels.company!} value={values.company} errors={errors} required autocomplete="organization" maxLength={150} />
              <TextField name="siret" label={labels.siret!} hint={t('registration.field.siret.hint')} inputMode="numeric" value={values.siret} errors={errors} maxLength={40} />
              <SelectField name="sector" label={labels.sector!} value={values.sector} errors={errors} required placeholder="—" options={SECTORS.map((s) => ({ value: s, label: t(`registration.sector.${s}`) }))} />
              <SelectField
                name="commune"
                label={labels.commune!}
                hint={t('registration.field.commune.hint')}
                value={values.commune}
                errors={errors}
                required
                placeholder="—"
                options={[...communes.map((c) => ({ value: c.insee_code, label: `${c.name} (${c.postcodes.split(',')[0] ?? ''})` })), { value: OUTSIDE, label: t('registration.field.commune.outside') }]}
              />
              <TextField name="role" label={labels.role!} value={values.role} errors={errors} autocomplete="organization-title" maxLength={120} />
            </fieldset>
            <fieldset>
              <legend>{t('registration.more')}</legend>
              <SelectField name="level" label={labels.level!} value={values.level} errors={errors} required placeholder="—" options={LEVELS.map((l) => ({ value: l, label: t(`registration.level.${l}`) }))} />
              <TextField name="heard_from" label={labels.heard_from!} value={values.heard_from} errors={errors} maxLength={200} />
              <TextAreaField name="notes" label={labels.notes!} hint={t('registration.field.notes.hint')} value={values.notes} errors={errors} rows={3} maxLength={500} />
            </fieldset>
            <fieldset>
              <legend>{t('registration.consents')}</legend>
              <CheckboxField name="consent_news" label={labels.consent_news!} checked={values.consent_news === '1'} errors={errors} />
            </fieldset>
            <button type="submit" class="button">
              {t('registration.submit')}
            </button>
          </form>
        </>
      )}
      <OtherDates dates={props.otherDates} />
    </>
  );
}

export function RegistrationDonePage({ status, position, already, session, email }: { status: 'confirmed' | 'waitlisted'; position: number | null; already: boolean; session: RegistrationSession; email: string }) {
  const title = already ? t('registration.already.title') : status === 'confirmed' ? t('registration.confirmed.title') : t('registration.waitlisted.title');
  return (
    <>
      <h1>{title}</h1>
      <p role="status">
        {already
          ? t('registration.already.text', { email })
          : status === 'confirmed'
            ? t('registration.confirmed.text', { workshop: session.workshop_title, slot: formatSlot(session.starts_at, session.ends_at), venue: session.venue_name, email })
            : t('registration.waitlisted.text', { position: position ?? 1 })}
      </p>
      <p class="actions">
        <a class="button button-secondary" href={`/agenda.ics`}>
          {t('registration.calendar')}
        </a>
        <a href="/mes-inscriptions/lien">{t('registration.my_space')}</a>
      </p>
    </>
  );
}

type Row = { id: number; status: string; waitlist_position: number | null; attendance?: string | null; certificate_code?: string | null; session_status: string; starts_at: string; ends_at: string; workshop_title: string; venue_name: string; rank: number | null };

export function AccountPage({ csrf, rows, now, next, partners, diagnosticAt }: { csrf: string; rows: Row[]; now: string; next: NextWorkshop[]; partners: Parameters<typeof PartnerPath>[0]; diagnosticAt: string | null }) {
  const upcoming = rows.filter((r) => r.starts_at > now).reverse();
  const past = rows.filter((r) => r.starts_at <= now);
  const item = (r: Row, canCancel: boolean) => (
    <li key={r.id} class="session-card">
      <h3>{r.workshop_title}</h3>
      <p class="session-when">{formatSlot(r.starts_at, r.ends_at)}</p>
      <p>{r.venue_name}</p>
      <p>
        {r.session_status === 'cancelled'
          ? t('account.session_cancelled')
          : r.status === 'waitlisted'
            ? t('account.status.waitlisted', { position: r.rank ?? 1 })
            : r.session_status === 'held' && r.status === 'confirmed' && r.attendance
              ? t(`account.attendance.${r.attendance as 'present' | 'absent' | 'excused'}`)
              : t(r.status === 'cancelled' ? 'account.status.cancelled' : 'account.status.confirmed')}
      </p>
      {r.certificate_code ? (
        <p>
          <a href={`/mes-inscriptions/attestations/${r.id}.pdf`} download>
            {t('account.certificate')}
            <span class="visually-hidden">{` : ${r.workshop_title}, ${formatSlot(r.starts_at, r.ends_at)}`}</span>
          </a>
        </p>
      ) : null}
      {canCancel && r.status !== 'cancelled' && r.session_status === 'scheduled' ? (
        <form method="post" action={`/mes-inscriptions/${r.id}/annulation`}>
          <CsrfField token={csrf} />
          <button type="submit" class="button danger">
            {t('account.cancel')}
            <span class="visually-hidden">{` : ${r.workshop_title}, ${formatSlot(r.starts_at, r.ends_at)}`}</span>
          </button>
        </form>
      ) : null}
    </li>
  );
  return (
    <>
      <h1>{t('account.title')}</h1>
      <p>{t('account.intro')}</p>
      <h2>{t('account.upcoming')}</h2>
      {upcoming.length ? <ul class="session-list">{upcoming.map((r) => item(r, true))}</ul> : <p>{t('account.none')}</p>}
      <NextWorkshops workshops={next} diagnosticAt={diagnosticAt} />
      <PartnerPath {...partners} />
      <p>
        <a href="/reseau">{t('network.nav')}</a>
      </p>
      <p>
        <a href="/mes-inscriptions/donnees">{t('privacy.link')}</a>
      </p>
      {past.length ? (
        <>
          <h2>{t('account.past')}</h2>
          <ul class="session-list">{past.map((r) => item(r, false))}</ul>
        </>
      ) : null}
      <form method="post" action="/mes-inscriptions/deconnexion">
        <CsrfField token={csrf} />
        <button type="submit" class="link-button">
          {t('account.logout')}
        </button>
      </form>
    </>
  );
}

export function AccessLinkPage({ csrf, values, errors, message }: { csrf: string; values: FormValues; errors: FieldErrors; message?: string | undefined }) {
  return (
    <section class="narrow">
      <h1>{t('account.link.title')}</h1>
      {message ? (
        <p class="notice" role="status">
          {message}
        </p>
      ) : null}
      <p>{t('account.link.intro')}</p>
      <ErrorSummary errors={errors} labels={{ email: t('registration.field.email') }} />
      <form method="post" action="/mes-inscriptions/lien" novalidate>
        <CsrfField token={csrf} />
        <TextField name="email" type="email" label={t('registration.field.email')} value={values.email} errors={errors} required autocomplete="email" />
        <button type="submit" class="button">
          {t('account.link.submit')}
        </button>
      </form>
    </section>
  );
}
