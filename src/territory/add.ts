import { z } from 'zod';
import type { Db, Executor } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { fields } from '../platform/forms.js';
import { t } from '../platform/i18n/index.js';
import type { FieldErrors } from '../platform/layout/forms.js';
import { normaliseHost } from '../platform/programme.js';
import { createTerritoryFromEpci } from './commands.js';
import { officialEpci } from './official.js';

const HOST = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** A host name as `territories.host` holds it: lower-case, no scheme, path or port. */
export const hostField = z
  .string({ error: t('validation.required') })
  .trim()
  .min(1, t('validation.required'))
  .transform((v) => v.toLowerCase())
  .refine((v) => HOST.test(v) && normaliseHost(v) === v, t('territories.error.host'));

/** The form of a new territory: the official EPCI, its slug and host name, its programme, its first coordinator. */
export const territoryForm = z.object({
  departement: z.string().optional(),
  epci: z.string({ error: t('validation.epci_unknown') }).refine((code) => !!officialEpci(code), t('validation.epci_unknown')),
  slug: z.string({ error: t('validation.required') }).trim().min(1, t('validation.required')).regex(/^[a-z0-9][a-z0-9-]{0,59}$/, t('territories.error.slug')),
  host: hostField,
  programme: fields.text(120),
  funder: fields.text(120),
  name: fields.text(120),
  email: fields.email(),
  password: z.string({ error: t('validation.required') }).min(12, t('validation.password_short')).max(500, t('validation.too_long', { max: 500 })),
});
export type TerritoryInput = z.output<typeof territoryForm>;

export type AddTerritoryResult = { ok: true; territoryId: number; name: string } | { ok: false; errors: FieldErrors };

async function conflicts(tx: Executor, input: TerritoryInput): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (await tx.selectFrom('territories').select('id').where('slug', '=', input.slug).executeTakeFirst()) errors.slug = t('territories.error.slug_taken');
  if (await tx.selectFrom('territories').select('id').where('host', '=', input.host).executeTakeFirst()) errors.host = t('territories.error.host_taken');
  if (await tx.selectFrom('staff_users').select('id').where('email', '=', input.email).executeTakeFirst()) errors.email = t('validation.email_taken');
  return errors;
}

/**
 * Adds a territory to the instance, all or nothing: the territory from an official EPCI and its
 * communes, its host name, its programme, and its first coordinator (who then runs it from its host).
 */
export async function addTerritory(db: Db, actor: { staffId: number; territoryId: number | null }, input: TerritoryInput): Promise<AddTerritoryResult> {
  const passwordHash = await hashPassword(input.password); // outside the transaction: CPU work
  try {
    return await db.transaction().execute(async (tx) => {
      const errors = await conflicts(tx, input);
      if (Object.keys(errors).length) return { ok: false as const, errors };
      const territory = await createTerritoryFromEpci(tx, { epciCode: input.epci, slug: input.slug });
      await tx.updateTable('territories').set({ host: input.host }).where('id', '=', territory.id).execute();
      await tx.insertInto('programmes').values({ territory_id: territory.id, name: input.programme, funder: input.funder, publisher: territory.name, accessibility_status: 'non_conforme' }).execute();
      const coordinator = await tx
        .insertInto('staff_users')
        .values({ territory_id: territory.id, email: input.email, display_name: input.name, role: 'coordinator', password_hash: passwordHash })
        .returning('id')
        .executeTakeFirstOrThrow();
      const details = { epci: input.epci, slug: input.slug, host: input.host, communes: territory.communeCount, coordinator: coordinator.id };
      await audit(tx, { territoryId: territory.id, actor: `staff:${actor.staffId}`, action: 'territory.created', subject: `territory:${territory.id}`, details });
      if (actor.territoryId !== null) await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'territory.created', subject: `territory:${territory.id}`, details });
      return { ok: true as const, territoryId: territory.id, name: territory.name };
    });
  } catch (error) {
    // two administrators adding the same territory at once: the database's unique constraints decide
    if (isUniqueViolation(error)) {
      const errors = await conflicts(db, input);
      return { ok: false, errors: Object.keys(errors).length ? errors : { slug: t('territories.error.slug_taken') } };
    }
    throw error;
  }
}

/** Every territory of the instance, the oldest first, with its programme and the size of its team. */
export function listTerritories(db: Executor) {
  return db
    .selectFrom('territories as t')
    .leftJoin('programmes as p', 'p.territory_id', 't.id')
    .select((eb) => [
      't.id',
      't.name',
      't.slug',
      't.host',
      'p.name as programme_name',
      eb.selectFrom('staff_users as s').select((e) => e.fn.countAll<number>().as('n')).whereRef('s.territory_id', '=', 't.id').where('s.active', '=', 1).as('staff'),
    ])
    .orderBy('t.id')
    .execute();
}
export type TerritoryListRow = Awaited<ReturnType<typeof listTerritories>>[number];
