import { sql } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../../platform/db/database.js';
import { SECTORS } from '../../registration/form.js';

/**
 * Who a campaign goes to: contacts of the territory narrowed by sector, commune or
 * intercommunality, and by what they did (came to a session, never came, came to a given
 * workshop). Stored as JSON on the campaign; validated here.
 */
export const segmentSchema = z.object({
  sectors: z.array(z.enum(SECTORS as [string, ...string[]])).max(10).default([]),
  communes: z.array(z.string().regex(/^[0-9AB]{5}$/)).max(200).default([]),
  epci: z.string().regex(/^\d{9}$/).nullable().default(null),
  audience: z.enum(['all', 'past', 'never']).default('all'),
  workshopId: z.number().int().positive().nullable().default(null),
});
export type Segment = z.output<typeof segmentSchema>;

/**
 * Participants who consented to the programme's news are contacts too (and nobody else who
 * registered): adds those missing, in the caller's transaction. A withdrawn consent is honoured by
 * the unsubscribe list, which every send checks.
 */
export async function syncConsentingParticipants(tx: Executor, territoryId: number): Promise<void> {
  const missing = await tx
    .selectFrom('participants as p')
    .innerJoin('consents as k', 'k.participant_id', 'p.id')
    .leftJoin('companies as co', 'co.id', 'p.company_id')
    .select(['p.id', 'p.email', 'p.first_name', 'p.last_name', 'p.phone', 'p.commune_code', 'co.name as company', 'co.siret', 'co.sector', 'co.commune_code as company_commune', 'k.given_at'])
    .where('p.territory_id', '=', territoryId)
    .where('p.anonymised_at', 'is', null)
    .where('k.purpose', '=', 'programme_news')
    .where('k.withdrawn_at', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('contacts as c').select('c.id').where('c.territory_id', '=', territoryId).whereRef('c.email', '=', 'p.email'))))
    .execute();
  for (let i = 0; i < missing.length; i += 200) {
    await tx
      .insertInto('contacts')
      .values(
        missing.slice(i, i + 200).map((p) => ({
          territory_id: territoryId,
          email: p.email,
          first_name: p.first_name,
          last_name: p.last_name,
          company: p.company,
          siret: p.siret,
          sector: p.sector,
          commune_code: p.commune_code ?? p.company_commune,
          phone: p.phone,
          lawful_basis: 'consentement' as const,
          source: 'inscription',
          participant_id: p.id,
          last_contact_at: p.given_at, // their consent: the last contact that came from them, so far
        })),
      )
      .onConflict((oc) => oc.columns(['territory_id', 'email']).doNothing())
      .execute();
  }
}

/** The segment's contacts as a query (ids), the unsubscribed left out. */
export function segmentContacts(db: Executor, territoryId: number, segment: Segment) {
  const cameTo = (workshopId: number | null) =>
    sql<boolean>`exists (select 1 from registrations r join sessions s on s.id = r.session_id join participants pp on pp.id = r.participant_id
      where pp.territory_id = ${territoryId} and pp.email = c.email and r.attendance = 'present' and s.status = 'held'
      ${workshopId === null ? sql`` : sql`and s.workshop_id = ${workshopId}`})`;
  return db
    .selectFrom('contacts as c')
    .where('c.territory_id', '=', territoryId)
    .where(sql<boolean>`not exists (select 1 from unsubscribes u where u.territory_id = c.territory_id and u.email_hash = sha256_hex(lower(c.email)))`)
    .$if(segment.sectors.length > 0, (q) => q.where('c.sector', 'in', segment.sectors as never[]))
    .$if(segment.communes.length > 0, (q) => q.where('c.commune_code', 'in', segment.communes))
    .$if(segment.epci !== null, (q) => q.where(sql<boolean>`exists (select 1 from communes m where m.territory_id = c.territory_id and m.insee_code = c.commune_code and m.epci_code = ${segment.epci})`))
    .$if(segment.audience === 'past', (q) => q.where(cameTo(null)))
    .$if(segment.audience === 'never', (q) => q.where(sql<boolean>`not ${cameTo(null)}`))
    .$if(segment.workshopId !== null, (q) => q.where(cameTo(segment.workshopId)));
}
