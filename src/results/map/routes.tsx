import path from 'node:path';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { t, type MessageKey } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { queryOf, requirePlanner, type Planner } from '../../planning/ui.js';
import { canPlan } from '../../planning/policy.js';
import { requireResultsReader } from '../access.js';
import { filterOptions, parseFilter } from '../filters.js';
import { matchContours, readContourFile } from './contours.js';
import { removeTerritoryContours, saveTerritoryContours } from './commands.js';
import { contoursReport, territoryMapData } from './queries.js';
import { ContoursPage } from './contours-views.js';
import { MapPage } from './views.js';

export const MAX_CONTOUR_BYTES = 5 * 1024 * 1024;
const EXTENSIONS = /\.(geojson|topojson|json)$/i;

/** The uploaded file as the multipart parser hands it to the route (see onFile below). */
interface UploadedFile {
  filename: string;
  data: Buffer;
  truncated: boolean;
}

/** Multipart errors raised while the body is read (before the route runs), with what to say beside the field. */
const MULTIPART_ERRORS: Record<string, MessageKey> = {
  FST_FILES_LIMIT: 'map.error.too_many',
  FST_REQ_FILE_TOO_LARGE: 'map.error.too_big',
};

/**
 * The territory map (results, issue 7): the map page and the upload of the communes' contours,
 * for the coordination only. Multipart is accepted by these routes alone, with a 5 MB, one-file
 * limit; the body is read before the platform's CSRF check, which then finds `_csrf` in it.
 */
export const mapRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;

  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_CONTOUR_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 4096 },
    async onFile(part: MultipartFile) {
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      part.value = { filename: part.filename, data: Buffer.concat(chunks), truncated: part.file.truncated } satisfies UploadedFile;
    },
  });
  // Runs after the multipart hook: a request seen here had its body read in full.
  const bodyRead = new WeakSet<FastifyRequest>();
  app.addHook('preValidation', async (request) => {
    bodyRead.add(request);
  });

  const showContours = async (reply: FastifyReply, planner: Planner, errors: FieldErrors, options: { status?: number; notice?: string | undefined } = {}) => {
    const current = await contoursReport(db, planner.territory.id);
    const status = options.status ?? (Object.keys(errors).length ? 400 : 200);
    return reply.page(t('map.contours.title'), <ContoursPage csrf={reply.generateCsrf()} current={current} errors={errors} />, { status, notice: options.notice });
  };

  // A multipart body that could not be read (too many files, cut short, malformed) gets the form
  // again with a message beside the field; nothing was written. Any other error goes to the platform.
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (request.url.split('?')[0] !== '/equipe/bilan/contours' || !request.isMultipart() || bodyRead.has(request)) throw error;
    request.log.info({ code: error.code }, 'contours upload unreadable');
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const key = MULTIPART_ERRORS[error.code] ?? 'map.error.unreadable';
    return showContours(reply, planner, { fichier: t(key) }, { status: key === 'map.error.too_big' ? 413 : 400 });
  });

  app.get('/equipe/bilan/carte', async (request, reply) => {
    // read by everyone who reads the results (elected officials too); loading contours is the coordination's
    const reader = await requireResultsReader(request, reply);
    if (!reader) return reply;
    const territoryId = reader.territory.id;
    const options = await filterOptions(db, territoryId);
    const filter = parseFilter(queryOf(request), options);
    const data = await territoryMapData(db, territoryId, filter);
    return reply.page(t('map.title'), <MapPage options={options} filter={filter} data={data} canUpload={canPlan(reader.staff, territoryId)} />);
  });

  app.get('/equipe/bilan/contours', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const q = queryOf(request);
    return showContours(reply, planner, {}, { notice: q.charge ? t('map.contours.saved') : q.retire ? t('map.contours.removed') : undefined });
  });

  app.post('/equipe/bilan/contours', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const file = uploadedFile(request.body);
    const refuse = (key: MessageKey, params: Record<string, number> = {}, status = 400) => showContours(reply, planner, { fichier: t(key, params) }, { status });
    if (!file || (!file.filename && file.data.length === 0)) return refuse('map.error.required');
    if (!EXTENSIONS.test(file.filename ?? '')) return refuse('map.error.extension');
    if (file.truncated || file.data.length > MAX_CONTOUR_BYTES) return refuse('map.error.too_big', {}, 413);
    const read = readContourFile(file.data.toString('utf8'));
    if (!read.ok) return refuse(read.error === 'not_json' ? 'map.error.not_json' : 'map.error.not_geo');
    const communes = await db.selectFrom('communes').select(['insee_code', 'name', 'former_codes']).where('territory_id', '=', planner.territory.id).orderBy('name').execute();
    const matched = matchContours(read.layers, communes);
    if (!matched.ok) return refuse(matched.error === 'projected' ? 'map.error.projected' : 'map.error.no_match', { features: matched.features, withCode: matched.withCode });
    await saveTerritoryContours(db, planner.actor, { fileName: path.basename(file.filename ?? '').slice(0, 200), collection: matched.collection, report: matched.report });
    return reply.redirect('/equipe/bilan/contours?charge=1', 303);
  });

  app.post('/equipe/bilan/contours/retirer', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    await removeTerritoryContours(db, planner.actor);
    return reply.redirect('/equipe/bilan/contours?retire=1', 303);
  });
};

function uploadedFile(body: unknown): UploadedFile | null {
  const value = (body as Record<string, unknown> | null | undefined)?.fichier;
  if (!value || typeof value !== 'object' || !Buffer.isBuffer((value as UploadedFile).data)) return null;
  return value as UploadedFile;
}
