import type { Executor } from '../platform/db/database.js';
import { officialCommunesOfEpci, officialEpci } from './official.js';

export class UnknownEpciError extends Error {
  readonly code = 'territory.unknown_epci';
}

/** Creates a territory from an official EPCI and loads its member communes. */
export async function createTerritoryFromEpci(tx: Executor, input: { epciCode: string; slug: string; name?: string }) {
  const epci = officialEpci(input.epciCode);
  if (!epci) throw new UnknownEpciError(input.epciCode);
  const territory = await tx
    .insertInto('territories')
    .values({ slug: input.slug, name: input.name ?? epci.name, epci_code: epci.code, epci_name: epci.name })
    .returning(['id', 'name', 'slug'])
    .executeTakeFirstOrThrow();
  const communes = officialCommunesOfEpci(epci.code);
  // chunked: SQLite allows at most 32766 bound parameters per statement
  for (let i = 0; i < communes.length; i += 200) {
    await tx
      .insertInto('communes')
      .values(
        communes.slice(i, i + 200).map((c) => ({
          insee_code: c.code,
          territory_id: territory.id,
          name: c.name,
          postcodes: c.postcodes.join(','),
          population: c.population,
          epci_code: epci.code,
          department_code: c.departmentCode,
          former_codes: c.formerCodes.length ? c.formerCodes.join(',') : null,
        })),
      )
      .execute();
  }
  return { ...territory, epciCode: epci.code, communeCount: communes.length };
}
