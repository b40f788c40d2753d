import path from 'node:path';
import { auditAccess } from '../../platform/audit.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { acceptFileUpload, uploadedFile, type UnreadableUpload } from '../../platform/http/uploads.js';
import { t, type MessageKey } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { formValues, type FormValues } from '../../platform/forms.js';
import { pageNumber, queryOf, requirePlanner, type Planner } from '../../planning/ui.js';
import { MAX_IMPORT_BYTES, parseContactFile } from './parse.js';
import { CONTACT_FIELDS, mappingFromForm, type Mapping } from './mapping.js';
import { cancelContactImport, changeImportMapping, confirmContactImport, createContactImport, type LawfulBasis } from './commands.js';
import { findImport, listContacts } from './queries.js';
import { ContactsPage, ImportFormPage, PreviewPage } from './views.js';

const EXTENSIONS = /\.(csv|txt|tsv|xlsx)$/i;
const BASES: LawfulBasis[] = ['interet_legitime', 'consentement'];

/** What to say beside the field when the multipart body could not be read. */
const UNREADABLE: Record<UnreadableUpload, MessageKey> = {
  too_many_files: 'contacts.error.unreadable',
  too_big: 'contacts.error.too_big',
  unreadable: 'contacts.error.unreadable',
};

const mappingValues = (mapping: Mapping | null): Record<string, string> =>
  Object.fromEntries(CONTACT_FIELDS.map((f) => [`col_${f}`, mapping?.[f] === null || mapping?.[f] === undefined ? '' : String(mapping[f])]));

/**
 * The territory's contacts (campaigns, issue 8): the list, and the import of a CSV or XLSX file
 * in two steps — upload and preview (mapping, report), then confirmation, which imports all the
 * valid lines in one transaction. For the coordination only; multipart on the upload alone.
 */
export const contactRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;

  const showForm = (reply: FastifyReply, values: FormValues, errors: FieldErrors, status?: number) =>
    reply.page(t('contacts.import.title'), <ImportFormPage csrf={reply.generateCsrf()} values={values} errors={errors} />, { status: status ?? (Object.keys(errors).length ? 400 : 200) });

  await acceptFileUpload(app, {
    maxBytes: MAX_IMPORT_BYTES,
    path: '/equipe/contacts/import',
    async onUnreadable(request, reply, why) {
      const planner = await requirePlanner(request, reply);
      if (!planner) return reply;
      return showForm(reply, { base: 'interet_legitime' }, { fichier: t(UNREADABLE[why]) }, why === 'too_big' ? 413 : 400);
    },
  });

  /** The import of this territory, or the same 404 as a page that does not exist. */
  const loadImport = async (request: FastifyRequest, reply: FastifyReply, planner: Planner, options: { withTable?: boolean } = {}) => {
    const id = Number((request.params as { id?: string }).id);
    const stored = Number.isSafeInteger(id) && id > 0 ? await findImport(db, planner.territory.id, id, options) : null;
    if (!stored) await reply.callNotFound();
    return stored;
  };

  app.get('/equipe/contacts', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const q = queryOf(request);
    const list = await listContacts(db, planner.territory.id, { search: q.q, page: pageNumber(q.page) });
    await auditAccess(db, { territoryId: planner.territory.id, staffId: planner.actor.staffId, action: 'read.contacts', rows: list.contacts.length, details: { searched: !!q.q?.trim(), page: list.page } });
    return reply.page(t('contacts.title'), <ContactsPage list={list} search={q.q ?? ''} />);
  });

  app.get('/equipe/contacts/import', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    return showForm(reply, { base: 'interet_legitime' }, {});
  });

  app.post('/equipe/contacts/import', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const file = uploadedFile(request.body);
    const values = formValues(request.body);
    const errors: FieldErrors = {};
    const base = BASES.find((b) => b === values.base);
    if (!base) errors.base = t('contacts.error.basis');
    const source = (values.source ?? '').trim();
    if (source.length > 200) errors.source = t('contacts.error.source');
    let status = 400;
    if (!file || (!file.filename && file.data.length === 0)) errors.fichier = t('contacts.error.required');
    else if (!EXTENSIONS.test(file.filename ?? '')) errors.fichier = t('contacts.error.extension');
    else if (file.truncated || file.data.length > MAX_IMPORT_BYTES) {
      errors.fichier = t('contacts.error.too_big');
      status = 413;
    }
    if (Object.keys(errors).length || !file || !base) return showForm(reply, values, errors, status);
    const parsed = await parseContactFile(file.data);
    if (!parsed.ok) {
      const message = parsed.error !== 'too_many_rows' ? t(`contacts.error.${parsed.error}`) : parsed.rows === undefined ? t('contacts.error.too_many_rows_unknown') : t('contacts.error.too_many_rows', { rows: parsed.rows });
      return showForm(reply, values, { fichier: message }, parsed.error === 'too_many_rows' ? 413 : 400);
    }
    const fileName = path.basename(file.filename).slice(0, 200);
    const created = await createContactImport(db, planner.actor, { fileName, table: parsed.table, lawfulBasis: base, source: source || fileName });
    return reply.redirect(`/equipe/contacts/import/${created.id}`, 303);
  });

  app.get('/equipe/contacts/import/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const stored = await loadImport(request, reply, planner);
    if (!stored) return reply;
    const q = queryOf(request);
    const report = stored.report;
    const notice = q.change && stored.status === 'preview'
      ? t('contacts.changed')
      : q.deja
      ? t('contacts.already')
      : q.annule
        ? t('contacts.cancelled')
        : q.confirme && report && stored.status === 'imported'
          ? t('contacts.confirmed', { created: report.toCreate, updated: report.toUpdate, refused: report.refused })
          : undefined;
    return reply.page(t('contacts.preview.title', { file: stored.fileName }), <PreviewPage csrf={reply.generateCsrf()} stored={stored} errors={{}} chosen={mappingValues(stored.mapping)} notice={notice} />);
  });

  app.post('/equipe/contacts/import/:id/correspondance', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const stored = await loadImport(request, reply, planner);
    if (!stored) return reply;
    if (stored.status !== 'preview' || !stored.table) return reply.redirect(`/equipe/contacts/import/${stored.id}?deja=1`, 303);
    const values = formValues(request.body);
    const chosen = mappingFromForm(values, stored.table.headers);
    if (!chosen.ok) {
      const errors: FieldErrors = {};
      for (const [f, e] of Object.entries(chosen.errors)) errors[`col_${f}`] = t(e === 'required' ? 'contacts.error.column_required' : 'contacts.error.column_invalid');
      return reply.page(t('contacts.preview.title', { file: stored.fileName }), <PreviewPage csrf={reply.generateCsrf()} stored={stored} errors={errors} chosen={values} />, { status: 400 });
    }
    await changeImportMapping(db, planner.actor, { importId: stored.id, mapping: chosen.mapping });
    return reply.redirect(`/equipe/contacts/import/${stored.id}`, 303);
  });

  app.post('/equipe/contacts/import/:id/confirmer', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const stored = await loadImport(request, reply, planner, { withTable: false });
    if (!stored) return reply;
    const result = await confirmContactImport(db, planner.actor, { importId: stored.id });
    if (!result.ok) return reply.redirect(`/equipe/contacts/import/${stored.id}?${result.reason === 'changed' ? 'change' : 'deja'}=1`, 303);
    return reply.redirect(`/equipe/contacts/import/${stored.id}?confirme=1`, 303);
  });

  app.post('/equipe/contacts/import/:id/annuler', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const stored = await loadImport(request, reply, planner, { withTable: false });
    if (!stored) return reply;
    const cancelled = await cancelContactImport(db, planner.actor, { importId: stored.id });
    return reply.redirect(`/equipe/contacts/import/${stored.id}?${cancelled ? 'annule' : 'deja'}=1`, 303);
  });
};
