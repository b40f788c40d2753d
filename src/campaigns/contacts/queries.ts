import { searchFold } from '../../platform/db/fold.js';
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { ContactTableData } from './parse.js';
import { parseStoredMapping, type Mapping } from './mapping.js';
import type { ImportReport, ValidationContext } from './validate.js';

export const CONTACTS_PER_PAGE = 50;

/** What validation needs from the database: the territory's communes, unsubscribes and contacts. */
export async function loadValidationContext(db: Executor, territoryId: number): Promise<ValidationContext> {
  const [communes, unsubscribes, contacts] = await Promise.all([
    db.selectFrom('communes').select(['insee_code', 'name', 'postcodes', 'former_codes']).where('territory_id', '=', territoryId).execute(),
    db.selectFrom('unsubscribes').select('email_hash').where('territory_id', '=', territoryId).execute(),
    db.selectFrom('contacts').select(['email', 'first_name', 'last_name', 'company', 'siret', 'sector', 'commune_code', 'phone']).where('territory_id', '=', territoryId).execute(),
  ]);
  return { communes, unsubscribed: new Set(unsubscribes.map((u) => u.email_hash)), existing: new Map(contacts.map(({ email, ...known }) => [email, known])) };
}

export interface StoredImport {
  id: number;
  fileName: string;
  status: 'preview' | 'imported' | 'cancelled';
  lawfulBasis: string | null;
  source: string | null;
  table: ContactTableData | null;
  mapping: Mapping | null;
  report: ImportReport | null;
}

/** One import of the territory (another territory's is not found), with its file while in preview. */
export async function findImport(db: Executor, territoryId: number, id: number, options: { withTable?: boolean } = {}): Promise<StoredImport | null> {
  const row = await db
    .selectFrom('contact_imports')
    .select(['id', 'file_name', 'status', 'lawful_basis', 'source', 'mapping', 'report'])
    .$if(options.withTable !== false, (q) => q.select('content'))
    .where('id', '=', id)
    .where('territory_id', '=', territoryId)
    .executeTakeFirst();
  if (!row) return null;
  const content = (row as { content?: string | null }).content ?? null;
  const table = content ? (JSON.parse(content) as ContactTableData) : null;
  return {
    id: row.id,
    fileName: row.file_name,
    status: row.status,
    lawfulBasis: row.lawful_basis,
    source: row.source,
    table,
    mapping: table ? parseStoredMapping(row.mapping, table.headers) : row.mapping ? (JSON.parse(row.mapping) as Mapping) : null,
    report: row.report ? (JSON.parse(row.report) as ImportReport) : null,
  };
}

/** The territory's contacts, by name, filtered by a word of the name, e-mail or company (accents and case ignored). */
export async function listContacts(db: Executor, territoryId: number, filter: { search?: string | undefined; page: number }) {
  const word = filter.search?.trim() ? searchFold(filter.search.trim()) : '';
  let q = db.selectFrom('contacts as c').where('c.territory_id', '=', territoryId);
  if (word) {
    const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(sql`search_fold(c.email)`, 'like', sql`${like} escape '\\'`),
        eb(sql`search_fold(coalesce(c.last_name, ''))`, 'like', sql`${like} escape '\\'`),
        eb(sql`search_fold(coalesce(c.first_name, ''))`, 'like', sql`${like} escape '\\'`),
        eb(sql`search_fold(coalesce(c.company, ''))`, 'like', sql`${like} escape '\\'`),
      ]),
    );
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const pages = Math.max(1, Math.ceil(total / CONTACTS_PER_PAGE));
  const page = Math.min(filter.page, pages);
  const contacts = await q
    .leftJoin('communes as m', (j) => j.onRef('m.insee_code', '=', 'c.commune_code').onRef('m.territory_id', '=', 'c.territory_id'))
    .select(['c.id', 'c.email', 'c.first_name', 'c.last_name', 'c.company', 'c.siret', 'c.sector', 'c.commune_code', 'm.name as commune_name', 'c.phone', 'c.lawful_basis', 'c.source'])
    .orderBy('c.last_name')
    .orderBy('c.email')
    .limit(CONTACTS_PER_PAGE)
    .offset((page - 1) * CONTACTS_PER_PAGE)
    .execute();
  return { total, page, pages, contacts };
}
