import type { Tx } from '../platform/db/database.js';
import type { PartnerKind, ReferralStatus, SharedField } from '../platform/db/schema.js';
import { CONSENT_VERSION, consentText } from '../pathway/referrals/commands.js';
import { parisDay } from '../pathway/referrals/queries.js';
import type { Random } from './random.js';

const DAY = 86400_000;

/** The territory's three chambers and their offers (themes are the workshops' theme values). */
const PARTNERS: Array<{ kind: PartnerKind; name: string; contact: string; email: string; website: string; offers: Array<{ title: string; themes: string[]; level: 'debutant' | 'intermediaire' | 'avance' }> }> = [
  {
    kind: 'cci', name: 'CCI Artois', contact: 'Service formation', email: 'formation@cci-artois.example.fr', website: 'https://cci-artois.example.fr',
    offers: [
      { title: 'Vendre en ligne : du site à la place de marché', themes: ['vente', 'web'], level: 'intermediaire' },
      { title: 'Réseaux sociaux : construire sa stratégie', themes: ['communication'], level: 'intermediaire' },
      { title: 'Facturation électronique : être prêt pour 2026', themes: ['outils'], level: 'avance' },
    ],
  },
  {
    kind: 'cma', name: 'CMA Hauts-de-France', contact: 'Pôle numérique', email: 'numerique@cma-hdf.example.fr', website: 'https://cma-hautsdefrance.example.fr',
    offers: [
      { title: 'Créer le site de son entreprise artisanale', themes: ['web'], level: 'intermediaire' },
      { title: 'Cybersécurité pour les artisans', themes: ['securite'], level: 'debutant' },
    ],
  },
  {
    kind: 'chambre_agriculture', name: 'Chambre d’agriculture du Nord-Pas de Calais', contact: 'Service formation', email: 'formation@agri-npdc.example.fr', website: 'https://agriculture-npdc.example.fr',
    offers: [
      { title: 'Vendre ses produits en circuit court sur Internet', themes: ['vente'], level: 'debutant' },
      { title: 'Les outils numériques de gestion de l’exploitation', themes: ['outils', 'securite'], level: 'intermediaire' },
    ],
  },
];

/** Where a referral stands today, and the steps that led there. */
const PATHS: ReferralStatus[][] = [['contacted'], ['contacted', 'training_started'], ['contacted', 'training_started', 'training_completed'], ['no_follow_up'], []];

/**
 * The chambers, their offers, the demo partner account bound to the CCI, and a few referrals made
 * after the past cycle's sessions with their outcomes. A separate seeded random, so that the other
 * demo figures stay as they were.
 */
export async function seedReferrals(tx: Tx, rng: Random, input: { territoryId: number; now: Date; pastCycleId: number; partnerStaffId: number | null }): Promise<void> {
  const partnerIds: Record<PartnerKind, number> = { cci: 0, cma: 0, chambre_agriculture: 0, other: 0 };
  for (const p of PARTNERS) {
    const { id } = await tx
      .insertInto('partners')
      .values({ territory_id: input.territoryId, kind: p.kind, name: p.name, contact_name: p.contact, contact_email: p.email, website: p.website })
      .returning('id')
      .executeTakeFirstOrThrow();
    partnerIds[p.kind] = id;
    await tx.insertInto('partner_offers').values(p.offers.map((o) => ({ partner_id: id, title: o.title, url: `${p.website}/formations`, themes: `,${o.themes.join(',')},`, level: o.level, active: 1 as const }))).execute();
  }
  if (input.partnerStaffId !== null) await tx.updateTable('staff_users').set({ partner_id: partnerIds.cci }).where('id', '=', input.partnerStaffId).execute();

  // people present at a past session, with their company's sector: farmers go to the Chambre d'agriculture, craftsmen to the CMA, others to the CCI
  const attended = await tx
    .selectFrom('registrations as g')
    .innerJoin('sessions as s', 's.id', 'g.session_id')
    .innerJoin('participants as p', 'p.id', 'g.participant_id')
    .leftJoin('companies as c', 'c.id', 'p.company_id')
    .select(['g.participant_id', 's.id as session_id', 's.ends_at', 'c.sector'])
    .where('s.cycle_id', '=', input.pastCycleId)
    .where('g.attendance', '=', 'present')
    .orderBy('g.participant_id')
    .orderBy('s.starts_at')
    .execute();
  const firstSession = new Map<number, (typeof attended)[number]>();
  for (const a of attended) if (!firstSession.has(a.participant_id)) firstSession.set(a.participant_id, a);
  const chosen = rng.sample([...firstSession.values()], 12);
  const shared: SharedField[] = ['name', 'email', 'phone', 'company', 'sector', 'commune', 'workshops'];
  for (const a of chosen) {
    const kind: PartnerKind = a.sector === 'agriculture' ? 'chambre_agriculture' : a.sector === 'artisanat' ? 'cma' : 'cci';
    const made = new Date(new Date(a.ends_at).getTime() + rng.int(0, 2) * DAY + 3600_000);
    if (made > input.now) continue;
    const path = rng.pick(PATHS);
    let at = made;
    const steps = path.map((status) => {
      at = new Date(Math.min(at.getTime() + rng.int(3, 25) * DAY, input.now.getTime()));
      return { status, at };
    });
    const last = steps.at(-1);
    const { id } = await tx
      .insertInto('referrals')
      .values({
        territory_id: input.territoryId,
        participant_id: a.participant_id,
        partner_id: partnerIds[kind],
        offer_id: null,
        session_id: a.session_id,
        cycle_id: input.pastCycleId,
        requested_by: 'staff',
        made_by: null,
        consent_text: consentText('staff'),
        consent_text_version: CONSENT_VERSION,
        consent_at: made.toISOString(),
        shared_fields: JSON.stringify(rng.chance(0.3) ? shared.filter((f) => f !== 'phone') : shared),
        note: null,
        status: last?.status ?? 'sent',
        status_at: (last?.at ?? made).toISOString(),
        created_at: made.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const events = [{ status: 'sent' as ReferralStatus, at: made, actor: 'system' }, ...steps.map((s) => ({ ...s, actor: input.partnerStaffId && kind === 'cci' ? `staff:${input.partnerStaffId}` : 'system' }))];
    await tx.insertInto('referral_events').values(events.map((e) => ({ referral_id: id, status: e.status, happened_on: parisDay(e.at), actor: e.actor, at: e.at.toISOString() }))).execute();
  }
}
