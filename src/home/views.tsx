import { formatSlot, t } from '../platform/i18n/index.js';
import { addressParts } from '../feeds/address.js';
import type { NextSession, VenueSummary } from './queries.js';

function seatsLeft(s: NextSession) {
  const left = s.seats - s.seats_taken;
  if (left <= 0) return <span class="badge badge-full">{t('home.session.full')}</span>;
  return <span class="badge">{left === 1 ? t('home.session.seat_left') : t('home.session.seats_left', { count: left })}</span>;
}

/** Street, then postcode and commune, once each even when the address was typed with its postcode. */
function VenueLines({ v }: { v: VenueSummary }) {
  const parts = addressParts(v.address, v.commune_name, v.postcodes);
  return (
    <p>
      {parts.street}
      <br />
      {`${parts.postcode} ${parts.commune}`.trim()}
    </p>
  );
}

export function HomePage({ intro, sessions, venues }: { intro: string | null; sessions: NextSession[]; venues: VenueSummary[] }) {
  return (
    <>
      <h1>{t('app.tagline')}</h1>
      <p class="lead">{intro ?? t('home.intro')}</p>
      <p class="actions">
        <a class="button" href="/ateliers">
          {t('catalogue.home.all_workshops')}
        </a>
        <a class="button button-secondary" href="/calendrier">
          {t('catalogue.home.calendar')}
        </a>
      </p>
      <p>
        <a href="/diagnostic">{t('diagnostic.link')}</a>
      </p>
      <section aria-labelledby="prochaines-seances">
        <h2 id="prochaines-seances">{t('home.next_sessions')}</h2>
        {sessions.length === 0 ? (
          <p>{t('home.no_sessions')}</p>
        ) : (
          <ul class="session-list">
            {sessions.map((s) => (
              <li key={s.id} class="session-card">
                <h3>
                  <a href={`/seances/${s.id}`}>{s.workshop_title}</a>
                </h3>
                <p class="session-when">{formatSlot(s.starts_at, s.ends_at)}</p>
                <p class="session-where">{t('home.session.at', { venue: s.venue_name })}</p>
                <p class="session-meta">
                  {seatsLeft(s)}
                  {s.beginner ? <span class="badge badge-beginner">{t('home.session.beginner')}</span> : null}
                </p>
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/ateliers">{t('catalogue.home.more_sessions')}</a>
        </p>
      </section>
      <section aria-labelledby="lieux">
        <h2 id="lieux">{t('home.venues', { count: venues.length })}</h2>
        <ul class="venue-list">
          {venues.map((v) => (
            <li key={v.id} class="venue-card">
              <h3>
                <a href={`/lieux/${encodeURIComponent(v.slug)}`}>{v.name}</a>
              </h3>
              <VenueLines v={v} />
              <p>
                {t('home.venue.workstations', { count: v.workstations })}
                {v.accessible_prm ? ` — ${t('home.venue.accessible')}` : ''}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
