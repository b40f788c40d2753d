import type { FastifyPluginAsync } from 'fastify';
import { formatSlot, t } from '../platform/i18n/index.js';
import { parisParts } from '../platform/time.js';
import { ignoredMessage, pageNumber, parisMonthOf, parisMonthRange, parseMonth, queryOf, readFilters } from './filters.js';
import { formatMonth } from './format.js';
import { catalogueChoices, comingSessions, findPublicSession, findPublishedWorkshop, findVenue, monthSessions, nextSessionsOf } from './queries.js';
import { CalendarPage } from './calendar-views.js';
import { CataloguePage } from './list-views.js';
import { isOpenForRegistration, sessionEvent } from './session-event.js';
import { SessionPage } from './session-views.js';
import { VenuePage } from './venue-views.js';
import { WorkshopPage } from './workshop-views.js';
import { publishedQuestions } from '../facilitation/questions/queries.js';

/** A session id from the URL: digits only, a safe integer; anything else is a page that does not exist. */
function sessionId(value: string): number | null {
  if (!/^\d{1,15}$/.test(value)) return null;
  const id = Number(value);
  return id >= 1 ? id : null;
}

/** Routes of the catalogue capability: the public catalogue, its workshops, sessions and venues, and the calendar. */
export const catalogueRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;

  app.get('/ateliers', { config: { publicCache: { query: ['lieu', 'commune', 'theme', 'niveau', 'mois', 'places', 'page'] } } }, async (request, reply) => {
    const territory = await request.territory();
    if (!territory) return reply.callNotFound();
    const now = new Date();
    const query = queryOf(request);
    const choices = await catalogueChoices(db, territory.id);
    const { filters, ignored } = readFilters(query, choices, { month: true });
    const page = pageNumber(query.page);
    const range = filters.month ? parisMonthRange(filters.month) : undefined;
    // upcoming only: from now, or from the start of the chosen month if it is later
    const from = range && range.from > now.toISOString() ? range.from : now.toISOString();
    const list = await comingSessions(db, { territoryId: territory.id, filters, from, to: range?.to, page });
    if (page > list.pages) return reply.callNotFound();
    const title = list.pages > 1 ? t('catalogue.sessions.page_title', { page, pages: list.pages }) : t('catalogue.title');
    return reply.page(
      title,
      <CataloguePage choices={choices} filters={filters} currentMonth={parisMonthOf(now)} sessions={list.rows} total={list.total} page={page} pages={list.pages} />,
      { notice: ignoredMessage(ignored) },
    );
  });

  app.get<{ Params: { slug: string } }>('/ateliers/:slug', { config: { publicCache: true } }, async (request, reply) => {
    const territory = await request.territory();
    if (!territory) return reply.callNotFound();
    const workshop = await findPublishedWorkshop(db, territory.id, request.params.slug);
    if (!workshop) return reply.callNotFound();
    const [sessions, questions] = await Promise.all([
      nextSessionsOf(db, { territoryId: territory.id, workshopId: workshop.id, from: new Date().toISOString() }),
      publishedQuestions(db, workshop.id),
    ]);
    return reply.page(workshop.title, <WorkshopPage workshop={workshop} sessions={sessions} questions={questions} />);
  });

  app.get<{ Params: { id: string } }>('/seances/:id', { config: { publicCache: true } }, async (request, reply) => {
    const id = sessionId(request.params.id);
    const territory = await request.territory();
    if (id === null || !territory) return reply.callNotFound();
    const session = await findPublicSession(db, territory.id, id);
    if (!session) return reply.callNotFound();
    const now = new Date();
    const event = sessionEvent(session, { baseUrl: territory.base_url, organizer: territory.programme_name ?? territory.name, now });
    return reply.page(
      t('catalogue.session.title', { workshop: session.workshop_title, date: formatSlot(session.starts_at, session.ends_at) }),
      <SessionPage session={session} open={isOpenForRegistration(session, now)} now={now} event={event} />,
    );
  });

  app.get<{ Params: { slug: string } }>('/lieux/:slug', { config: { publicCache: true } }, async (request, reply) => {
    const territory = await request.territory();
    if (!territory) return reply.callNotFound();
    const venue = await findVenue(db, territory.id, request.params.slug);
    if (!venue) return reply.callNotFound();
    const sessions = await nextSessionsOf(db, { territoryId: territory.id, venueId: venue.id, from: new Date().toISOString() });
    return reply.page(venue.name, <VenuePage venue={venue} sessions={sessions} />);
  });

  app.get('/calendrier', { config: { publicCache: { query: ['lieu', 'commune', 'theme', 'niveau', 'mois', 'places'] } } }, async (request, reply) => {
    const territory = await request.territory();
    if (!territory) return reply.callNotFound();
    const now = new Date();
    const query = queryOf(request);
    const choices = await catalogueChoices(db, territory.id);
    const { filters, ignored } = readFilters(query, choices, { month: false });
    const month = parseMonth(query.mois) ?? parisMonthOf(now);
    if (query.mois !== undefined && month !== query.mois) ignored.push('mois');
    const sessions = await monthSessions(db, { territoryId: territory.id, filters, ...parisMonthRange(month) });
    return reply.page(
      t('catalogue.calendar.page_title', { month: formatMonth(month) }),
      <CalendarPage choices={choices} filters={filters} month={month} sessions={sessions} today={parisParts(now).date} />,
      { notice: ignoredMessage(ignored) },
    );
  });
};
