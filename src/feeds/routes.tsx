import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../platform/i18n/index.js';
import { buildCalendar, feedSince } from './calendar.js';
import { renderProgrammePdf } from './programme-pdf.js';
import { cycleByNumber, cycleProgramme, feedScopeName, feedSessions, openDataVenues, type FeedScope } from './queries.js';
import { venuesCsv } from './venues-csv.js';

/** Public and the same for everyone: shared caches and calendar clients may keep them a few minutes. */
const CACHE_CONTROL = 'public, max-age=300';

/**
 * Machine-readable and printable outputs of the catalogue: iCalendar feeds (whole territory, per
 * venue, per workshop), the printable programme of a cycle (PDF) and the venues as open data (CSV).
 * Public, without login; each costs the territory's lookup plus one query (two for an empty scoped feed).
 */
export const feedsRoutes: FastifyPluginAsync = async (app) => {
  const { config, database } = app.deps;
  const db = database.db;

  async function sendCalendar(request: FastifyRequest, reply: FastifyReply, scope: FeedScope) {
    const territory = await request.territory();
    if (!territory) return reply.callNotFound();
    const now = new Date();
    const sessions = await feedSessions(db, { territoryId: territory.id, since: feedSince(now), scope });
    const programme = territory.programme_name ?? t('app.name');
    let name = t('feeds.calendar.name', { programme, territory: territory.name });
    if (scope.kind !== 'territory') {
      // The scope's name comes with its sessions; only an empty feed needs a second look (or is a 404).
      const fromSessions = scope.kind === 'venue' ? sessions[0]?.venue_name : sessions[0]?.workshop_title;
      const scopeName = fromSessions ?? (await feedScopeName(db, territory.id, scope));
      if (scopeName === undefined) return reply.callNotFound();
      name =
        scope.kind === 'venue'
          ? t('feeds.calendar.name_venue', { programme, venue: scopeName })
          : t('feeds.calendar.name_workshop', { programme, workshop: scopeName });
    }
    const body = buildCalendar({
      name,
      description: t('feeds.calendar.description', { programme, territory: territory.name }),
      baseUrl: territory.base_url,
      sessions,
      now,
    });
    return reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', CACHE_CONTROL).send(body);
  }

  app.get('/agenda.ics', (request, reply) => sendCalendar(request, reply, { kind: 'territory' }));
  app.get<{ Params: { slug: string } }>('/lieux/:slug/agenda.ics', (request, reply) => sendCalendar(request, reply, { kind: 'venue', slug: request.params.slug }));
  app.get<{ Params: { slug: string } }>('/ateliers/:slug/agenda.ics', (request, reply) =>
    sendCalendar(request, reply, { kind: 'workshop', slug: request.params.slug }),
  );

  // A cycle number is a small positive integer; anything else is not a page of ours.
  app.get<{ Params: { number: string } }>('/programme/:number(^\\d{1,6}).pdf', async (request, reply) => {
    const territory = await request.territory();
    if (!territory) return reply.callNotFound();
    const number = Number(request.params.number);
    const sessions = await cycleProgramme(db, territory.id, number);
    const cycle = sessions[0] ? { number, name: sessions[0].cycle_name } : await cycleByNumber(db, territory.id, number);
    if (!cycle) return reply.callNotFound();
    const pdf = await renderProgrammePdf({
      cycleNumber: cycle.number,
      cycleName: cycle.name,
      programmeName: territory.programme_name ?? t('app.name'),
      territoryName: territory.name,
      funder: territory.funder ?? '',
      publisher: territory.publisher ?? territory.name,
      intro: territory.tagline,
      contacts: [territory.base_url, territory.contact_email, territory.contact_phone].filter((c): c is string => !!c),
      sessions,
    });
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="${t('feeds.pdf.filename', { n: String(cycle.number) })}"`)
      .header('cache-control', CACHE_CONTROL)
      .send(pdf);
  });

  app.get('/lieux.csv', async (request, reply) => {
    const territory = await request.territory();
    if (!territory) return reply.callNotFound();
    const venues = await openDataVenues(db, territory.id);
    const csv = venuesCsv(venues, {
      baseUrl: territory.base_url,
      territorySlug: territory.slug,
      epciCode: territory.epci_code,
      programmeName: territory.programme_name ?? t('app.name'),
      publisher: territory.publisher ?? territory.name,
      contactPhone: territory.contact_phone,
      contactEmail: territory.contact_email,
    });
    return reply
      .header('content-type', 'text/csv; charset=utf-8; header=present')
      .header('content-disposition', `attachment; filename="${t('feeds.csv.filename', { territory: territory.slug })}"`)
      .header('cache-control', CACHE_CONTROL)
      .send(csv);
  });
};
