import { formatDate, formatDateTime, t } from '../platform/i18n/index.js';
import { CsrfField, ErrorSummary, TextField, type FieldErrors } from '../platform/layout/forms.js';
import type { StaffSessionSummary } from '../platform/auth/sessions.js';
import { describeUserAgent } from './user-agent.js';

export function browserLabel(ua: string | null): string {
  const d = describeUserAgent(ua);
  if (!d) return t('security.browser.unknown');
  return d.os ? t('security.browser.on', d) : d.browser;
}

/** The second step of the sign-in: a code from the app or a recovery code. */
export function CodeStepPage({ csrf, errors }: { csrf: string; errors: FieldErrors }) {
  const labels = { code: t('login.code.label') };
  return (
    <section class="narrow">
      <h1>{t('login.code.title')}</h1>
      <p>{t('login.code.intro')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action="/equipe/connexion/code" novalidate>
        <CsrfField token={csrf} />
        <TextField name="code" label={labels.code} hint={t('login.code.hint')} autocomplete="one-time-code" maxLength={20} errors={errors} required />
        <button type="submit" class="button">
          {t('login.code.submit')}
        </button>
      </form>
    </section>
  );
}

export interface Enrolment {
  secret: string;
  qrDataUri: string;
}

/** The secret as text and as a QR code (an SVG image rendered on the server), then the code that confirms it. */
export function EnrolmentForm({ csrf, enrolment, action, errors }: { csrf: string; enrolment: Enrolment; action: string; errors: FieldErrors }) {
  const labels = { code: t('security.totp.code_label') };
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <p>{t('security.totp.scan')}</p>
      <p>
        <img src={enrolment.qrDataUri} alt={t('security.totp.qr_alt')} width={200} height={200} />
      </p>
      <p>
        {t('security.totp.manual')} <code class="totp-secret">{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
      </p>
      <p>{t('security.totp.confirm_intro')}</p>
      <form method="post" action={action} novalidate>
        <CsrfField token={csrf} />
        <TextField name="code" label={labels.code} autocomplete="one-time-code" inputMode="numeric" maxLength={10} errors={errors} required />
        <button type="submit" class="button">
          {t('security.totp.confirm')}
        </button>
      </form>
    </>
  );
}

export function EnrolAtSignInPage(props: { csrf: string; enrolment: Enrolment; errors: FieldErrors }) {
  return (
    <section class="narrow">
      <h1>{t('login.enrol.title')}</h1>
      <p>{t('login.enrol.intro')}</p>
      <EnrolmentForm {...props} action="/equipe/connexion/activation" />
    </section>
  );
}

export function EnrolPage(props: { csrf: string; enrolment: Enrolment; errors: FieldErrors }) {
  return (
    <section class="narrow">
      <h1>{t('security.totp.heading')}</h1>
      <EnrolmentForm {...props} action="/equipe/securite/double-facteur/confirmer" />
    </section>
  );
}

/** The ten recovery codes, shown this once. */
export function RecoveryCodesPage({ codes, next }: { codes: string[]; next: 'home' | 'security' }) {
  return (
    <section class="narrow">
      <h1>{t('security.totp.codes_heading')}</h1>
      <p>{t('security.totp.enabled')}</p>
      <p>{t('security.totp.codes_intro')}</p>
      <table class="data">
        <caption>{t('security.totp.codes_caption')}</caption>
        <tbody>
          {codes.map((code, i) => (
            <tr key={code}>
              <th scope="row">{i + 1}</th>
              <td>
                <code class="recovery-code">{code}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a class="button" href={next === 'home' ? '/equipe' : '/equipe/securite'}>
          {next === 'home' ? t('security.totp.continue') : t('security.totp.back')}
        </a>
      </p>
    </section>
  );
}

export interface SecurityPageData {
  totp: { enabledAt: string; recoveryLeft: number } | null;
  totpRequired: boolean;
  sessions: StaffSessionSummary[];
  currentHash: string;
  idleMinutes: number;
}

export function SecurityPage({ csrf, data, errors }: { csrf: string; data: SecurityPageData; errors: FieldErrors }) {
  const disableLabels = { code: t('security.totp.disable_label') };
  const passwordLabels = { current_password: t('security.password.current'), new_password: t('security.password.new'), new_password_confirm: t('security.password.confirm') };
  const others = data.sessions.filter((s) => s.idHash !== data.currentHash).length;
  return (
    <>
      <h1>{t('security.title')}</h1>
      <ErrorSummary errors={errors} labels={{ ...disableLabels, ...passwordLabels }} />

      <section aria-labelledby="double-facteur">
        <h2 id="double-facteur">{t('security.totp.heading')}</h2>
        {data.totp ? (
          <>
            <p>{t('security.totp.on', { date: formatDate(data.totp.enabledAt), count: data.totp.recoveryLeft })}</p>
            {data.totpRequired ? (
              <p>{t('security.totp.required')}</p>
            ) : (
              <form method="post" action="/equipe/securite/double-facteur/desactiver" novalidate>
                <CsrfField token={csrf} />
                <TextField name="code" label={disableLabels.code} autocomplete="one-time-code" maxLength={20} errors={errors} required />
                <button type="submit" class="button secondary">
                  {t('security.totp.disable')}
                </button>
              </form>
            )}
          </>
        ) : (
          <>
            <p>{data.totpRequired ? t('security.totp.required') : t('security.totp.off')}</p>
            <form method="post" action="/equipe/securite/double-facteur" novalidate>
              <CsrfField token={csrf} />
              <button type="submit" class="button">
                {t('security.totp.start')}
              </button>
            </form>
          </>
        )}
      </section>

      <section aria-labelledby="sessions">
        <h2 id="sessions">{t('security.sessions.heading')}</h2>
        <p>{t('security.sessions.idle', { minutes: data.idleMinutes })}</p>
        <div class="table-scroll">
          <table class="data">
            <caption>{t('security.sessions.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('security.sessions.browser')}</th>
                <th scope="col">{t('security.sessions.created')}</th>
                <th scope="col">{t('security.sessions.last_seen')}</th>
                <th scope="col">{t('security.sessions.expires')}</th>
                <th scope="col">{t('security.sessions.action')}</th>
              </tr>
            </thead>
            <tbody>
              {data.sessions.map((s) => {
                const browser = browserLabel(s.userAgent);
                const current = s.idHash === data.currentHash;
                return (
                  <tr key={s.idHash}>
                    <th scope="row">
                      {browser}
                      {current ? <strong> ({t('security.sessions.current')})</strong> : null}
                    </th>
                    <td>{formatDateTime(s.createdAt)}</td>
                    <td>{formatDateTime(s.lastSeenAt)}</td>
                    <td>{formatDateTime(s.expiresAt)}</td>
                    <td>
                      <form method="post" action="/equipe/securite/sessions/fermer" class="inline">
                        <CsrfField token={csrf} />
                        <input type="hidden" name="session" value={s.idHash} />
                        <button type="submit" class="button secondary" aria-label={t('security.sessions.close_label', { browser, date: formatDateTime(s.createdAt) })}>
                          {t('security.sessions.close')}
                        </button>
                      </form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {others > 0 ? (
          <form method="post" action="/equipe/securite/sessions/fermer-autres">
            <CsrfField token={csrf} />
            <button type="submit" class="button secondary">
              {t('security.sessions.close_others')}
            </button>
          </form>
        ) : null}
      </section>

      <section aria-labelledby="mot-de-passe">
        <h2 id="mot-de-passe">{t('security.password.heading')}</h2>
        <form method="post" action="/equipe/securite/mot-de-passe" novalidate>
          <CsrfField token={csrf} />
          <TextField name="current_password" label={passwordLabels.current_password} type="password" autocomplete="current-password" errors={errors} required />
          <TextField name="new_password" label={passwordLabels.new_password} hint={t('security.password.new_hint')} type="password" autocomplete="new-password" errors={errors} required />
          <TextField name="new_password_confirm" label={passwordLabels.new_password_confirm} type="password" autocomplete="new-password" errors={errors} required />
          <button type="submit" class="button">
            {t('security.password.submit')}
          </button>
        </form>
      </section>
    </>
  );
}
