import { t } from '../platform/i18n/index.js';
import { CsrfField, ErrorSummary, TextField, type FieldErrors } from '../platform/layout/forms.js';
import type { FormValues } from '../platform/forms.js';
import type { StaffPrincipal } from '../platform/auth/sessions.js';
import { hasOwnSessions } from '../facilitation/policy.js';

export function LoginPage({ csrf, values, errors, failure }: { csrf: string; values: FormValues; errors: FieldErrors; failure?: string | undefined }) {
  const labels = { email: t('login.email'), password: t('login.password') };
  return (
    <section class="narrow">
      <h1>{t('login.title')}</h1>
      {failure ? (
        <p class="error-summary" role="alert">
          {failure}
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action="/equipe/connexion" novalidate>
        <CsrfField token={csrf} />
        <TextField name="email" label={labels.email} type="email" autocomplete="username" value={values.email} errors={errors} required />
        <TextField name="password" label={labels.password} type="password" autocomplete="current-password" errors={errors} required />
        <button type="submit" class="button">
          {t('login.submit')}
        </button>
      </form>
    </section>
  );
}

export function BackOfficeHome({ staff }: { staff: StaffPrincipal }) {
  return (
    <>
      <h1>{t('backoffice.title')}</h1>
      <p>{t('backoffice.welcome', { name: staff.displayName })}</p>
      <p>{t('backoffice.role', { role: t(`role.${staff.role}`) })}</p>
      <p>
        <a href="/equipe/securite">{t('security.nav')}</a>
      </p>
      {staff.role === 'elected' ? (
        <nav aria-label={t('backoffice.nav.results')}>
          <ul>
            <li>
              <a href="/equipe/bilan">{t('backoffice.nav.results')}</a>
            </li>
            <li>
              <a href="/equipe/bilan/carte">{t('results.link.map')}</a>
            </li>
            <li>
              <a href="/equipe/bilan/rapport">{t('results.link.report')}</a>
            </li>
          </ul>
        </nav>
      ) : null}
      {staff.role === 'partner' ? (
        <nav aria-label={t('referrals.list.title')}>
          <ul>
            <li>
              <a href="/equipe/orientations">{t('referrals.list.title')}</a>
            </li>
          </ul>
        </nav>
      ) : null}
      {hasOwnSessions(staff) ? (
        <nav aria-label={t('backoffice.nav.facilitation')}>
          <ul>
            <li>
              <a href="/equipe/mes-seances">{t('facilitation.mine.title')}</a>
            </li>
            {staff.role === 'coordinator' || staff.role === 'administrator' ? (
              <>
                <li>
                  <a href="/equipe/questions">{t('backoffice.nav.questions')}</a>
                </li>
                <li>
                  <a href="/equipe/absences">{t('backoffice.nav.no_shows')}</a>
                </li>
                <li>
                  <a href="/equipe/bilan">{t('backoffice.nav.results')}</a>
                </li>
              </>
            ) : null}
          </ul>
        </nav>
      ) : null}
      {staff.role === 'coordinator' || staff.role === 'administrator' ? (
        <nav aria-label={t('planning.nav.label')}>
          <ul>
            <li>
              <a href="/equipe/seances">{t('planning.nav.sessions')}</a>
            </li>
            <li>
              <a href="/equipe/seances/planifier">{t('planning.nav.bulk')}</a>
            </li>
            <li>
              <a href="/equipe/seances/reprendre">{t('planning.nav.duplicate')}</a>
            </li>
            <li>
              <a href="/equipe/ateliers">{t('planning.nav.workshops')}</a>
            </li>
            <li>
              <a href="/equipe/lieux">{t('planning.nav.venues')}</a>
            </li>
            <li>
              <a href="/equipe/animateurs">{t('planning.nav.facilitators')}</a>
            </li>
            <li>
              <a href="/equipe/elus">{t('planning.nav.elected')}</a>
            </li>
            <li>
              <a href="/equipe/sessions">{t('planning.nav.cycles')}</a>
            </li>
            <li>
              <a href="/equipe/demandes">{t('planning.nav.demand')}</a>
            </li>
            <li>
              <a href="/equipe/maintien">{t('planning.nav.go_no_go')}</a>
            </li>
            <li>
              <a href="/equipe/registre">{t('privacy.nav')}</a>
            </li>
            {staff.role === 'administrator' ? (
              <li>
                <a href="/equipe/journal">{t('journal.nav')}</a>
              </li>
            ) : null}
            {staff.role === 'administrator' ? (
              <li>
                <a href="/equipe/territoires">{t('territories.nav')}</a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}
