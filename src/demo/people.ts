import type { SizeBand } from '../platform/db/schema.js';
import type { Tx } from '../platform/db/database.js';
import type { Sector } from '../platform/db/schema.js';
import { insertAll, insertChunks } from './batch.js';
import { CURRENT_SECTOR_WEIGHTS, FIRST_NAMES, HEARD_FROM, LAST_NAMES, PAST_SECTOR_WEIGHTS, ROLES, TRADES } from './content.js';
import type { Random } from './random.js';

const DAY = 86_400_000;
const SECTORS = Object.keys(PAST_SECTOR_WEIGHTS) as Sector[];

export interface PersonPlan {
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  commune: string;
  sector: Sector;
  company: string;
  naf: string;
  role: string;
  level: 'debutant' | 'intermediaire' | 'avance';
  heardFrom: string;
  createdAt: Date;
  /** Came during the earlier cycles (and so to the past cycle): mostly farmers, like in 2011-2012. */
  early: boolean;
  newsConsent: boolean;
}

export interface Person extends PersonPlan {
  id: number;
}

/** Lower-case ASCII letters only: « Éric » → « eric », « Deregnaucourt » stays. */
function slugPart(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]+/g, '');
}

/**
 * Draws `count` business leaders of the territory: names combined from short lists, unique e-mails,
 * French numbers in E.164, communes weighted by population. The first `early` share came to the
 * earlier cycles with a farming-heavy mix; the later ones are balanced across sectors.
 */
export function planPeople(
  rng: Random,
  input: { communes: Array<{ insee_code: string; population: number | null }>; now: Date; count: number; earlyShare: number },
): PersonPlan[] {
  const used = new Set<string>();
  const people: PersonPlan[] = [];
  for (let i = 0; i < input.count; i++) {
    const early = i < Math.round(input.count * input.earlyShare);
    const sector = rng.weighted(SECTORS, (s) => (early ? PAST_SECTOR_WEIGHTS : CURRENT_SECTOR_WEIGHTS)[s]);
    const trade = rng.pick(TRADES[sector]);
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const local = `${slugPart(firstName)}.${slugPart(lastName)}`;
    let email = `${local}@example.fr`;
    for (let k = 2; used.has(email); k++) email = `${local}${k}@example.fr`;
    used.add(email);
    const commune = rng.weighted(input.communes, (c) => c.population ?? 100).insee_code;
    const phone = rng.chance(0.35)
      ? `+3321${String(rng.int(0, 9_999_999)).padStart(7, '0')}` // a landline in the 03 21 area
      : `+33${rng.pick(['6', '7'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    people.push({
      email,
      firstName,
      lastName,
      phone,
      commune,
      sector,
      company: `${trade.label} ${lastName}`,
      naf: trade.naf,
      role: sector === 'agriculture' ? rng.pick(['exploitant(e)', 'exploitant(e)', 'associé(e)', 'conjoint(e) collaborateur(trice)']) : rng.pick(ROLES),
      level: rng.weighted(['debutant', 'intermediaire', 'avance'] as const, (l) => (l === 'debutant' ? (early ? 6 : 4) : l === 'intermediaire' ? 4 : 1)),
      heardFrom: rng.pick(HEARD_FROM),
      // early people were known before the past cycle's first registrations; later ones before this cycle's
      createdAt: new Date(input.now.getTime() - (early ? rng.int(220, 600) : rng.int(15, 150)) * DAY - rng.int(0, 86_399) * 1000),
      early,
      newsConsent: rng.chance(0.45),
    });
  }
  return people;
}

/** Writes the companies, the participants and their consents, by batches; answers the people with their ids. */
export async function insertPeople(tx: Tx, territoryId: number, people: PersonPlan[]): Promise<Person[]> {
  const companyIds = await insertChunks(people, (chunk) =>
    tx
      .insertInto('companies')
      .values(
        chunk.map((p) => ({
          territory_id: territoryId,
          name: p.company,
          siret: null,
          naf_code: p.naf,
          naf_version: 'NAFRev2',
          sector: p.sector,
          crafts: p.sector === 'artisanat' ? (1 as const) : (0 as const),
          commune_code: p.commune,
          size_band: sizeBandOf(p.company),
          created_at: p.createdAt.toISOString(),
        })),
      )
      .returning('id')
      .execute(),
  );
  const participantIds = await insertChunks(
    people.map((p, i) => ({ p, companyId: companyIds[i]! })),
    (chunk) =>
      tx
        .insertInto('participants')
        .values(
          chunk.map(({ p, companyId }) => ({
            territory_id: territoryId,
            email: p.email,
            first_name: p.firstName,
            last_name: p.lastName,
            phone: p.phone,
            company_id: companyId,
            commune_code: p.commune,
            role_in_company: p.role,
            digital_level: p.level,
            heard_from: p.heardFrom,
            created_at: p.createdAt.toISOString(),
            anonymised_at: null,
          })),
        )
        .returning('id')
        .execute(),
  );
  const result = people.map((p, i) => ({ ...p, id: participantIds[i]! }));
  await insertAll(
    result.filter((p) => p.newsConsent),
    (chunk) =>
      tx
        .insertInto('consents')
        .values(chunk.map((p) => ({ participant_id: p.id, purpose: 'programme_news' as const, text_version: 'news-v1', given_at: p.createdAt.toISOString(), withdrawn_at: null })))
        .execute(),
  );
  return result;
}

/**
 * A company's size band, derived from its name (not drawn from the demo's generator, so the rest of
 * the demo stays the same): mostly very small companies, as in a rural territory; one in ten unsaid.
 */
export function sizeBandOf(company: string): SizeBand | null {
  let h = 0;
  for (const ch of company) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  const r = h % 100;
  return r < 10 ? null : r < 42 ? '0' : r < 66 ? '1-2' : r < 80 ? '3-5' : r < 89 ? '6-9' : r < 95 ? '10-19' : r < 99 ? '20-49' : '50+';
}
