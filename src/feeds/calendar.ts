import { t } from '../platform/i18n/index.js';
import { venueLocation } from './address.js';
import { icalGenerator } from './ical.js';
import type { FeedSession } from './queries.js';

/** How far back a feed reaches: a subscribed calendar keeps the recent past, not the whole history. */
export const FEED_PAST_DAYS = 60;

export function feedSince(now: Date): Date {
  return new Date(now.getTime() - FEED_PAST_DAYS * 86400_000);
}

/** The session's public page, linked from its calendar entry. */
export function sessionUrl(baseUrl: string, sessionId: number): string {
  return `${baseUrl}/seances/${sessionId}`;
}

/** Stable across fetches and feeds (the same session in the venue feed and the whole feed is one event). */
export function sessionUid(baseUrl: string, sessionId: number): string {
  return `seance-${sessionId}@${new URL(baseUrl).hostname}`;
}

export interface CalendarInput {
  name: string;
  description: string;
  baseUrl: string;
  sessions: FeedSession[];
  now: Date;
}

function eventDescription(session: FeedSession, url: string): string {
  const lines = [session.status === 'cancelled' ? t('feeds.event.cancelled') : null, session.workshop_summary, session.beginner ? t('feeds.event.beginner') : null];
  return [...lines.filter((l): l is string => !!l), t('feeds.event.details', { url })].join('\n\n');
}

/**
 * An RFC 5545 calendar of the sessions. Times are written as UTC instants (…Z), which every client
 * shows in its own zone, Europe/Paris for our users: ical-generator given a TZID and JS dates
 * writes a local time one hour off and no VTIMEZONE (see ../shared/STACK.md), so no TZID here.
 */
export function buildCalendar(input: CalendarInput): string {
  const { default: ical, ICalCalendarMethod, ICalEventStatus } = icalGenerator();
  const calendar = ical({
    name: input.name,
    description: input.description,
    prodId: { company: 'Boutic', product: 'agenda', language: 'FR' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60, // REFRESH-INTERVAL: subscribed clients come back every hour
  });
  for (const s of input.sessions) {
    const url = sessionUrl(input.baseUrl, s.id);
    const cancelled = s.status === 'cancelled';
    calendar.createEvent({
      id: sessionUid(input.baseUrl, s.id),
      stamp: input.now,
      created: new Date(s.created_at),
      lastModified: new Date(s.updated_at ?? s.created_at),
      start: new Date(s.starts_at),
      end: new Date(s.ends_at),
      // Some clients ignore STATUS:CANCELLED and show the entry as usual: the title says it too.
      summary: cancelled ? t('feeds.event.cancelled_summary', { title: s.workshop_title }) : s.workshop_title,
      location: venueLocation(s.venue_name, s.venue_address, s.commune_name, s.postcodes),
      description: eventDescription(s, url),
      url,
      sequence: s.sequence,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
