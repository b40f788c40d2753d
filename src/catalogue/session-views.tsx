import { formatSlot, t } from '../platform/i18n/index.js';
import { addressParts } from '../feeds/address.js';
import { SessionBadges } from './components.js';
import { formatDuration, levelLabel, seatsLeft } from './format.js';
import { JsonLd } from './json-ld.js';
import type { SessionDetails } from './queries.js';

/** Why the call to action is missing, when it is. */
function closedReason(s: SessionDetails, now: Date): string {
  if (s.status === 'cancelled') return t('catalogue.session.closed.cancelled');
  if (s.status === 'held' || Date.parse(s.starts_at) <= now.getTime()) return t('catalogue.session.closed.past');
  return t('catalogue.session.closed.full');
}

export function VenueAddress({ name, href, address, communeName, postcodes }: { name: string; href?: string; address: string; communeName: string; postcodes: string }) {
  const parts = addressParts(address, communeName, postcodes);
  return (
    <address>
      {href ? <a href={href}>{name}</a> : name}
      <br />
      {parts.street}
      <br />
      {`${parts.postcode} ${parts.commune}`.trim()}
    </address>
  );
}

export function SessionPage(props: { session: SessionDetails; open: boolean; now: Date; event: Record<string, unknown> }) {
  const { session: s, open, now } = props;
  const when = formatSlot(s.starts_at, s.ends_at);
  const left = seatsLeft(s);
  return (
    <>
      <p class="breadcrumb">
        <a href="/ateliers">{t('catalogue.workshop.back')}</a>
      </p>
      <h1>{s.workshop_title}</h1>
      <p class="lead">{s.workshop_summary}</p>
      <p class="session-when">{when}</p>
      {s.status === 'cancelled' ? <p class="notice notice-cancelled">{t('catalogue.session.cancelled_notice')}</p> : null}
      <p class="session-meta">
        <SessionBadges s={s} />
      </p>
      <dl class="facts">
        <div>
          <dt>{t('catalogue.session.where')}</dt>
          <dd>
            <VenueAddress name={s.venue_name} href={`/lieux/${encodeURIComponent(s.venue_slug)}`} address={s.venue_address} communeName={s.commune_name} postcodes={s.postcodes} />
          </dd>
        </div>
        <div>
          <dt>{t('catalogue.session.accessibility')}</dt>
          <dd>{t(s.accessible_prm ? 'catalogue.venue.accessible' : 'catalogue.venue.not_accessible')}</dd>
        </div>
        {s.status === 'cancelled' ? null : (
          <div>
            <dt>{t('catalogue.session.seats')}</dt>
            <dd>{left === 0 ? t('catalogue.session.full') : t('catalogue.session.seats.detail', { left, seats: s.seats })}</dd>
          </div>
        )}
        <div>
          <dt>{t('catalogue.session.level')}</dt>
          <dd>{s.beginner ? `${levelLabel(s.workshop_level)} — ${t('catalogue.session.beginner')}` : levelLabel(s.workshop_level)}</dd>
        </div>
        <div>
          <dt>{t('catalogue.workshop.duration')}</dt>
          <dd>{formatDuration(s.duration_minutes)}</dd>
        </div>
        <div>
          <dt>{t('catalogue.session.status')}</dt>
          <dd>{t(s.status === 'cancelled' ? 'catalogue.session.status.cancelled' : s.status === 'held' ? 'catalogue.session.status.held' : 'catalogue.session.status.scheduled')}</dd>
        </div>
      </dl>
      <p>{t('catalogue.session.free')}</p>
      {open ? (
        <p class="actions">
          {/* The registration form at this address comes with issue 4 (registrations). */}
          <a class="button" href={`/seances/${s.id}/inscription`}>
            {t('catalogue.session.register')}
            <span class="visually-hidden">{t('catalogue.session.register.hidden', { date: when })}</span>
          </a>
        </p>
      ) : (
        <p class="closed">{closedReason(s, now)}</p>
      )}
      <ul class="link-list">
        <li>
          <a href={`/ateliers/${encodeURIComponent(s.workshop_slug)}`}>{t('catalogue.session.about_workshop', { workshop: s.workshop_title })}</a>
        </li>
        {s.status === 'scheduled' && s.seats_taken >= s.seats ? (
          <li>
            <a href={`/ateliers/demande?atelier=${encodeURIComponent(s.workshop_slug)}&lieu=${encodeURIComponent(s.venue_slug)}`}>{t('catalogue.session.ask_other_date')}</a>
          </li>
        ) : null}
      </ul>
      <JsonLd data={props.event} />
    </>
  );
}
