import { t } from '../platform/i18n/index.js';
import type { Register } from './register.js';

/** The register of processing for the back office: one section per processing, each field a term and its description. */
export function RegisterPage({ register, programme, date }: { register: Register; programme: string; date: string }) {
  return (
    <article>
      <h1>{t('privacy.register.title')}</h1>
      <p>{t('privacy.register.intro', { programme })}</p>
      <h2>{t('privacy.register.controller')}</h2>
      <p>{register.controller}</p>
      <p>{t('privacy.register.contact', { contact: register.contact })}</p>
      <p>{register.transfers}</p>
      <p>{t('privacy.register.updated', { date })}</p>
      <p>
        {t('privacy.register.download')} : <a href="/equipe/registre.csv" download>{t('privacy.register.download.csv')}</a>
        {' — '}
        <a href="/equipe/registre.json" download>{t('privacy.register.download.json')}</a>
      </p>
      <p>
        <a href="/confidentialite">{t('privacy.register.public')}</a>
      </p>
      {register.entries.map((e, i) => (
        <section key={e.key} id={`traitement-${e.key}`}>
          <h2>{`${i + 1}. ${e.name}`}</h2>
          <dl class="register-entry">
            <dt>{t('privacy.field.purpose')}</dt>
            <dd>{e.purpose}</dd>
            <dt>{t('privacy.field.basis')}</dt>
            <dd>{e.lawfulBasis}</dd>
            <dt>{t('privacy.field.data')}</dt>
            <dd>{e.dataCategories}</dd>
            <dt>{t('privacy.field.people')}</dt>
            <dd>{e.people}</dd>
            <dt>{t('privacy.field.recipients')}</dt>
            <dd>{e.recipients}</dd>
            <dt>{t('privacy.field.retention')}</dt>
            <dd>{e.retention}</dd>
            <dt>{t('privacy.field.security')}</dt>
            <dd>{e.security}</dd>
            {e.tables.length ? (
              <>
                <dt>{t('privacy.field.tables')}</dt>
                <dd>
                  <code>{e.tables.join(', ')}</code>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      ))}
    </article>
  );
}

/** The public privacy notice: the same entries, told to the leaders in plain words. */
export function PrivacyNoticePage({ register, programme, publisher, funder }: { register: Register; programme: string; publisher: string; funder: string }) {
  return (
    <article>
      <h1>{t('privacy.notice.title')}</h1>
      <p>{t('privacy.notice.intro', { programme })}</p>
      <h2>{t('privacy.notice.who')}</h2>
      <p>{t('privacy.notice.who.text', { publisher, programme, funder })}</p>
      <h2>{t('privacy.notice.why')}</h2>
      {register.entries.map((e) => (
        <section key={e.key} id={e.key}>
          <h3>{e.name}</h3>
          <p>{e.notice}</p>
          <ul>
            <li>
              <strong>{t('privacy.notice.basis')}</strong> {e.lawfulBasis}
            </li>
            <li>
              <strong>{t('privacy.notice.recipients')}</strong> {e.recipients}
            </li>
            <li>
              <strong>{t('privacy.notice.retention')}</strong> {e.retention}
            </li>
          </ul>
        </section>
      ))}
      <h2>{t('privacy.notice.rights')}</h2>
      <p>{t('privacy.notice.rights.text')}</p>
      <p>
        {t('privacy.notice.rights.self')} <a href="/mes-inscriptions/donnees">{t('privacy.notice.rights.self.link')}</a>
      </p>
      <p>{t('privacy.notice.rights.contact', { contact: register.contact })}</p>
      <p>{t('privacy.notice.rights.cnil')}</p>
      <p>{t('privacy.notice.transfers')}</p>
    </article>
  );
}
