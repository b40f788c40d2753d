import { formatSlot, t } from '../platform/i18n/index.js';
import type { NextSession, VenueSummary } from './queries.js';

function seatsLeft(s: NextSession) {
  const left = s.seats - s.seats_taken;
  if (left <= 0) return <span class="badge badge-full">{t('home.session.full')}</span>;
  return <span class="badge">{left === 1 ? t('home.session.seat_left') : t('home.session.seats_left', { count: left })}</span>;
}

export function HomePage({ intro, sessions, venues }: { intro: string | null; sessions: NextSession[]; venues: VenueSummary[] }) {
  return (
    <>
      <h1>{t('app.tagline')}</h1>
      <p class="lead">{intro ?? t('home.intro')}</p>
      <section aria-labelledby="prochaines-seances">
        <h2 id="prochaines-seances">{t('home.next_sessions')}</h2>
        {sessions.length === 0 ? (
          <p>{t('home.no_sessions')}</p>
        ) : (
          <ul class="session-list">
            {sessions.map((s) => (
              <li key={s.id} class="session-card">
                <h3>{s.workshop_title}</h3>
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
      </section>
      <section aria-labelledby="lieux">
        <h2 id="lieux">{t('home.venues', { count: venues.length })}</h2>
        <ul class="venue-list">
          {venues.map((v) => (
            <li key={v.id} class="venue-card">
              <h3>{v.name}</h3>
              <p>
                {v.address}
                <br />
                {`${v.postcodes.split(',')[0] ?? ''} ${v.commune_name}`}
              </p>
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
