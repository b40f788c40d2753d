import { t } from '../platform/i18n/index.js';
import { SessionCards } from './components.js';
import { hrefWith } from './filters.js';
import { safeWebUrl, telHref } from './format.js';
import { SHORT_LIST, type SessionSummary, type VenueDetails } from './queries.js';
import { VenueAddress } from './session-views.js';

function Contact({ v }: { v: VenueDetails }) {
  if (!v.contact_phone && !v.contact_email) return null;
  return (
    <div>
      <dt>{t('catalogue.venue.contact')}</dt>
      <dd>
        {v.contact_phone ? (
          <>
            {t('catalogue.venue.phone')} <a href={telHref(v.contact_phone)}>{v.contact_phone}</a>
            {v.contact_email ? <br /> : null}
          </>
        ) : null}
        {v.contact_email ? (
          <>
            {t('catalogue.venue.email')} <a href={`mailto:${v.contact_email}`}>{v.contact_email}</a>
          </>
        ) : null}
      </dd>
    </div>
  );
}

export function VenuePage({ venue: v, sessions }: { venue: VenueDetails; sessions: SessionSummary[] }) {
  const shown = sessions.slice(0, SHORT_LIST);
  const website = safeWebUrl(v.website);
  return (
    <>
      <p class="breadcrumb">
        <a href="/ateliers">{t('catalogue.workshop.back')}</a>
      </p>
      <h1>{v.name}</h1>
      <dl class="facts">
        <div>
          <dt>{t('catalogue.venue.address')}</dt>
          <dd>
            <VenueAddress name={v.name} address={v.address} communeName={v.commune_name} postcodes={v.postcodes} />
          </dd>
        </div>
        <div>
          <dt>{t('catalogue.venue.workstations')}</dt>
          <dd>{t('catalogue.venue.workstations.count', { count: v.workstations })}</dd>
        </div>
        <div>
          <dt>{t('catalogue.venue.accessibility')}</dt>
          <dd>{t(v.accessible_prm ? 'catalogue.venue.accessible' : 'catalogue.venue.not_accessible')}</dd>
        </div>
        {v.equipment ? (
          <div>
            <dt>{t('catalogue.venue.equipment')}</dt>
            <dd>{v.equipment}</dd>
          </div>
        ) : null}
        {v.opening_hours ? (
          <div>
            <dt>{t('catalogue.venue.hours')}</dt>
            <dd>{v.opening_hours}</dd>
          </div>
        ) : null}
        <Contact v={v} />
        {website ? (
          <div>
            <dt>{t('catalogue.venue.website')}</dt>
            <dd>
              <a href={website}>{website}</a>
            </dd>
          </div>
        ) : null}
      </dl>
      <section aria-labelledby="dates">
        <h2 id="dates">{t('catalogue.venue.next_sessions')}</h2>
        {shown.length === 0 ? <p>{t('catalogue.venue.no_sessions')}</p> : <SessionCards sessions={shown} heading="workshop" showVenue={false} />}
        <ul class="link-list">
          {sessions.length > SHORT_LIST ? (
            <li>
              <a href={hrefWith('/ateliers', { lieu: v.slug })}>{t('catalogue.venue.more_sessions')}</a>
            </li>
          ) : null}
          <li>
            <a href={hrefWith('/calendrier', { lieu: v.slug })}>{t('catalogue.venue.calendar')}</a>
          </li>
          <li>
            <a href={`/lieux/${encodeURIComponent(v.slug)}/agenda.ics`}>{t('catalogue.feed.venue')}</a>
          </li>
        </ul>
      </section>
    </>
  );
}
