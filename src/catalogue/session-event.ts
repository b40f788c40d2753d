import { addressParts } from '../feeds/address.js';
import { parisIso, seatsLeft } from './format.js';
import type { SessionDetails } from './queries.js';

const SCHEMA = 'https://schema.org/';

/** Whether a person may still take a seat: scheduled, not started, a seat free. */
export function isOpenForRegistration(s: Pick<SessionDetails, 'status' | 'starts_at' | 'seats' | 'seats_taken'>, now: Date): boolean {
  return s.status === 'scheduled' && Date.parse(s.starts_at) > now.getTime() && seatsLeft(s) > 0;
}

/**
 * The session as a schema.org Event: free, in person, at a Place with its postal address,
 * organised by the programme. Dates carry the Paris offset, as schema.org asks for local time.
 */
export function sessionEvent(s: SessionDetails, input: { baseUrl: string; organizer: string; now: Date }): Record<string, unknown> {
  const url = `${input.baseUrl}/seances/${s.id}`;
  const address = addressParts(s.venue_address, s.commune_name, s.postcodes);
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: s.workshop_title,
    description: s.workshop_summary,
    url,
    startDate: parisIso(s.starts_at),
    endDate: parisIso(s.ends_at),
    eventStatus: `${SCHEMA}${s.status === 'cancelled' ? 'EventCancelled' : 'EventScheduled'}`,
    eventAttendanceMode: `${SCHEMA}OfflineEventAttendanceMode`,
    inLanguage: 'fr-FR',
    isAccessibleForFree: true,
    location: {
      '@type': 'Place',
      name: s.venue_name,
      url: `${input.baseUrl}/lieux/${encodeURIComponent(s.venue_slug)}`,
      address: {
        '@type': 'PostalAddress',
        streetAddress: address.street,
        postalCode: address.postcode,
        addressLocality: address.commune,
        addressCountry: 'FR',
      },
    },
    offers: {
      '@type': 'Offer',
      price: 0,
      priceCurrency: 'EUR',
      url,
      availability: `${SCHEMA}${isOpenForRegistration(s, input.now) ? 'InStock' : 'SoldOut'}`,
    },
    maximumAttendeeCapacity: s.seats,
    remainingAttendeeCapacity: s.status === 'cancelled' ? 0 : seatsLeft(s),
    organizer: { '@type': 'Organization', name: input.organizer, url: input.baseUrl },
  };
}
