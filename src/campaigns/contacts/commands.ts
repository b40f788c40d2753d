import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { isUniqueViolation, now } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import type { ContactTableData } from './parse.js';
import { guessMapping, type Mapping } from './mapping.js';
import { FILLABLE, validateContacts, type ContactDraft, type ImportReport } from './validate.js';
import { findImport, loadValidationContext } from './queries.js';

type Actor = { staffId: number; territoryId: number };
export type LawfulBasis = 'interet_legitime' | 'consentement';

/** Rows per INSERT: 12 values each stays far below SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

/** Keeps an uploaded file for its preview: the cells, the guessed mapping and the report. Nothing is imported. */
export async function createContactImport(db: Db, actor: Actor, input: { fileName: string; table: ContactTableData; lawfulBasis: LawfulBasis; source: string }): Promise<{ id: number; report: ImportReport }> {
  const mapping = guessMapping(input.table.headers);
  const { report } = validateContacts(input.table, mapping, await loadValidationContext(db, actor.territoryId));
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('contact_imports')
      .values({
        territory_id: actor.territoryId,
        file_name: input.fileName,
        content: JSON.stringify(input.table),
        mapping: JSON.stringify(mapping),
        lawful_basis: input.lawfulBasis,
        source: input.source,
        report: JSON.stringify(report),
        created_by: actor.staffId,
        created_at: now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // who brought which file of personal data, and what it held (counts only, never the addresses)
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'contacts.import_uploaded', subject: `contact_import:${row.id}`, details: { fileName: input.fileName, lines: report.lines, refused: report.refused } });
    return { id: row.id, report };
  });
}

/** Another mapping for an import in preview: the report is worked out again. False when not in preview. */
export async function changeImportMapping(db: Db, actor: Actor, input: { importId: number; mapping: Mapping }): Promise<boolean> {
  const stored = await findImport(db, actor.territoryId, input.importId);
  if (!stored || stored.status !== 'preview' || !stored.table) return false;
  const { report } = validateContacts(stored.table, input.mapping, await loadValidationContext(db, actor.territoryId));
  const updated = await db
    .updateTable('contact_imports')
    .set({ mapping: JSON.stringify(input.mapping), report: JSON.stringify(report) })
    .where('id', '=', input.importId)
    .where('territory_id', '=', actor.territoryId)
    .where('status', '=', 'preview')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** `updated`: lines of known contacts; `completed`: those of them that gained a field. */
export type ConfirmResult = { ok: true; created: number; updated: number; completed: number; refused: number } | { ok: false; reason: 'done' | 'changed' };

/**
 * Imports every valid line in one transaction: the import is claimed first (preview → imported,
 * so a second confirmation finds nothing to do), the lines validated again against the contacts
 * as they are now, new contacts inserted by chunks, existing ones (same e-mail) get their empty
 * fields filled. Any failure rolls everything back: nothing is half-imported.
 * `afterChunk` lets a test make the import fail in the middle.
 */
export async function confirmContactImport(db: Db, actor: Actor, input: { importId: number }, options: { afterChunk?: (inserted: number) => void | Promise<void> } = {}): Promise<ConfirmResult> {
  try {
    return await confirmOnce(db, actor, input, options);
  } catch (error) {
    // a contact with one of the file's addresses was written meanwhile (a participant consenting,
    // another import): everything was rolled back; the coordinator is told to confirm again
    if (isUniqueViolation(error)) return { ok: false, reason: 'changed' };
    throw error;
  }
}

async function confirmOnce(db: Db, actor: Actor, input: { importId: number }, options: { afterChunk?: (inserted: number) => void | Promise<void> }): Promise<ConfirmResult> {
  return db.transaction().execute(async (tx) => {
    const claimed = await tx
      .updateTable('contact_imports')
      .set({ status: 'imported', imported_at: now() })
      .where('id', '=', input.importId)
      .where('territory_id', '=', actor.territoryId)
      .where('status', '=', 'preview')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return { ok: false, reason: 'done' };
    const stored = await findImport(tx, actor.territoryId, input.importId);
    if (!stored?.table || !stored.mapping) throw new Error(`contact import ${input.importId} has no content`);
    const lawfulBasis = (stored.lawfulBasis ?? 'interet_legitime') as LawfulBasis;
    const source = stored.source ?? stored.fileName;
    const context = await loadValidationContext(tx, actor.territoryId);
    const { drafts, report } = validateContacts(stored.table, stored.mapping, context);
    const fresh = drafts.filter((d) => !d.existing);
    const at = now();
    let inserted = 0;
    for (let i = 0; i < fresh.length; i += CHUNK) {
      const chunk = fresh.slice(i, i + CHUNK);
      await tx
        .insertInto('contacts')
        .values(chunk.map((d) => ({ ...contactValues(d), territory_id: actor.territoryId, lawful_basis: lawfulBasis, source, import_id: input.importId, created_at: at })))
        .execute();
      inserted += chunk.length;
      await options.afterChunk?.(inserted);
    }
    // a known contact keeps its lawful basis and source (a consent is never turned into prospecting);
    // only the fields it lacks and the file gives are written (coalesce: never over a value set meanwhile)
    let completed = 0;
    for (const d of drafts) {
      const known = context.existing.get(d.email);
      if (!known) continue;
      const fills = FILLABLE.filter((f) => known[f] === null && d[f] !== null);
      if (!fills.length) continue;
      completed++;
      await tx
        .updateTable('contacts')
        .set({ ...Object.fromEntries(fills.map((f) => [f, sql`coalesce(${sql.ref(f)}, ${d[f]})`])), updated_at: at })
        .where('territory_id', '=', actor.territoryId)
        .where('email', '=', d.email)
        .execute();
    }
    await tx
      .updateTable('contact_imports')
      .set({ content: null, report: JSON.stringify({ ...report, preview: [] }) })
      .where('id', '=', input.importId)
      .execute();
    const counts = { created: fresh.length, updated: drafts.length - fresh.length, completed, refused: report.refused };
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'contacts.imported', subject: `contact_import:${input.importId}`, details: { fileName: stored.fileName, lawfulBasis, source, lines: report.lines, ...counts } });
    return { ok: true, ...counts };
  });
}

const contactValues = (d: ContactDraft) => ({
  email: d.email,
  first_name: d.first_name,
  last_name: d.last_name,
  company: d.company,
  siret: d.siret,
  sector: d.sector,
  commune_code: d.commune_code,
  phone: d.phone,
});

/** Drops an import in preview and its file. False when it was not in preview. */
export async function cancelContactImport(db: Db, actor: Actor, input: { importId: number }): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('contact_imports')
      .set({ status: 'cancelled', content: null })
      .where('id', '=', input.importId)
      .where('territory_id', '=', actor.territoryId)
      .where('status', '=', 'preview')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'contacts.import_cancelled', subject: `contact_import:${input.importId}` });
    return true;
  });
}
