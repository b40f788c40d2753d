import { z } from 'zod';
import type { Db, Executor } from '../../platform/db/database.js';
import { isUniqueViolation, now } from '../../platform/db/database.js';
import type { PartnerKind, ReferralStatus, SharedField } from '../../platform/db/schema.js';
import { audit } from '../../platform/audit.js';
import { fields } from '../../platform/forms.js';
import { t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { queueReferralMails, type ReferralMailContext } from './mails.js';
import { OUTCOMES, parisDay, SHARED_FIELDS } from './queries.js';

export type CommandResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };
type Actor = { staffId: number; territoryId: number };

export const PARTNER_KINDS: PartnerKind[] = ['cci', 'cma', 'chambre_agriculture', 'other'];
export const OFFER_LEVELS = ['debutant', 'intermediaire', 'avance'] as const;
/** Raised when the consent sentences change: each referral keeps the version its leader agreed to. */
export const CONSENT_VERSION = 'orientation-2026-11';

export const partnerForm = z.object({
  kind: z.enum(PARTNER_KINDS, { error: t('validation.required') }),
  name: fields.text(120),
  contact_name: fields.optionalText(120),
  contact_email: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .pipe(z.email(t('validation.email')).max(254).nullable()),
  contact_phone: fields.optionalText(30).refine((v) => v === null || /^[+0-9 .()-]{6,30}$/.test(v), t('referrals.error.phone')),
  website: fields.optionalUrl(t('referrals.error.url')),
});
export type PartnerInput = z.output<typeof partnerForm>;

export const offerForm = z.object({
  title: fields.text(160),
  url: fields.optionalUrl(t('referrals.error.url')),
  level: z.enum(OFFER_LEVELS, { error: t('validation.required') }),
});

/** Creates a partner of the actor's territory, or changes one (scoped by territory). */
export async function savePartner(db: Db, actor: Actor, input: PartnerInput, id?: number): Promise<CommandResult<number>> {
  return db
    .transaction()
    .execute(async (tx): Promise<CommandResult<number>> => {
      let partnerId: number;
      if (id === undefined) {
        partnerId = (await tx.insertInto('partners').values({ territory_id: actor.territoryId, ...input }).returning('id').executeTakeFirstOrThrow()).id;
      } else {
        const changed = await tx.updateTable('partners').set({ ...input, updated_at: now() }).where('id', '=', id).where('territory_id', '=', actor.territoryId).executeTakeFirst();
        if (Number(changed.numUpdatedRows) === 0) return { ok: false, errors: { _form: t('error.404.text') } };
        partnerId = id;
      }
      await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: id === undefined ? 'partner.created' : 'partner.changed', subject: `partner:${partnerId}`, details: { kind: input.kind } });
      return { ok: true, value: partnerId };
    })
    .catch((error: unknown): CommandResult<number> => {
      if (isUniqueViolation(error)) return { ok: false, errors: { name: t('referrals.partner.name_taken') } };
      throw error;
    });
}

/** Adds a training offer to a partner of the actor's territory; themes are kept as ',web,vente,'. */
export async function addOffer(db: Db, actor: Actor, input: { partnerId: number; offer: z.output<typeof offerForm>; themes: string[] }): Promise<CommandResult<number>> {
  return db.transaction().execute(async (tx): Promise<CommandResult<number>> => {
    const partner = await tx.selectFrom('partners').select('id').where('id', '=', input.partnerId).where('territory_id', '=', actor.territoryId).executeTakeFirst();
    if (!partner) return { ok: false, errors: { _form: t('error.404.text') } };
    const themes = `,${[...new Set(input.themes.filter((x) => /^[a-z_-]{1,40}$/.test(x)))].join(',')},`;
    const { id } = await tx.insertInto('partner_offers').values({ partner_id: partner.id, title: input.offer.title, url: input.offer.url, level: input.offer.level, themes }).returning('id').executeTakeFirstOrThrow();
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'partner.offer_added', subject: `partner:${partner.id}`, details: { offer: id } });
    return { ok: true, value: id };
  });
}

/** Withdraws an offer or brings it back (scoped by the partner's territory). */
export async function setOfferActive(db: Db, actor: Actor, input: { partnerId: number; offerId: number; active: 0 | 1 }): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const changed = await tx
      .updateTable('partner_offers')
      .set({ active: input.active })
      .where('id', '=', input.offerId)
      .where('partner_id', '=', input.partnerId)
      .where('partner_id', 'in', tx.selectFrom('partners').select('id').where('territory_id', '=', actor.territoryId))
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) return false;
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: input.active ? 'partner.offer_activated' : 'partner.offer_withdrawn', subject: `partner:${input.partnerId}`, details: { offer: input.offerId } });
    return true;
  });
}

/** The referral form as submitted: partner, offer, what is shared, note, and the consent box. */
export interface ReferralInput {
  partnerId: number | null;
  offerId: number | null;
  shared: string[];
  note: string | null;
  consent: boolean;
}

/**
 * The consent sentence shown beside the box and recorded word for word with the referral. It names
 * « the partner chosen above » rather than the chamber, because the page is rendered before the
 * choice: what is recorded is exactly what was read; the chamber is the referral's partner_id.
 */
export function consentText(by: 'staff' | 'participant'): string {
  return by === 'staff' ? t('referrals.consent.staff') : t('referrals.consent.participant');
}

/**
 * Makes a referral: checks the consent first (without it nothing is read or written), then the
 * partner and offer in the territory, then writes the referral, its first event, the audit entry
 * and the two e-mails (the leader's, and the partner's notice without personal data) in one
 * transaction. The cycle is the session's, or the one running today.
 */
export async function createReferral(
  db: Db,
  ctx: ReferralMailContext & { territoryId: number },
  input: ReferralInput & { participantId: number; sessionId: number | null; requestedBy: 'staff' | 'participant'; staffId: number | null },
  at = new Date(),
): Promise<CommandResult<number>> {
  const errors: FieldErrors = {};
  if (input.partnerId === null) errors.partner = t('referrals.error.partner');
  const shared = SHARED_FIELDS.filter((f) => input.shared.includes(f));
  if (!shared.includes('email') && !shared.includes('phone')) errors.shared = t('referrals.error.shared');
  if (!input.consent) errors.consent = input.requestedBy === 'staff' ? t('referrals.error.consent') : t('referrals.error.consent.participant');
  if (Object.keys(errors).length || input.partnerId === null) return { ok: false, errors };
  const partnerId = input.partnerId;
  return db.transaction().execute(async (tx): Promise<CommandResult<number>> => {
    const partner = await tx.selectFrom('partners').select(['id', 'name', 'contact_email']).where('id', '=', partnerId).where('territory_id', '=', ctx.territoryId).executeTakeFirst();
    if (!partner) return { ok: false, errors: { partner: t('referrals.error.partner') } };
    if (input.offerId !== null) {
      const offer = await tx.selectFrom('partner_offers').select('id').where('id', '=', input.offerId).where('partner_id', '=', partner.id).where('active', '=', 1).executeTakeFirst();
      if (!offer) return { ok: false, errors: { offer: t('referrals.error.offer') } };
    }
    const person = await tx.selectFrom('participants').select(['id', 'email', 'first_name', 'phone']).where('id', '=', input.participantId).where('territory_id', '=', ctx.territoryId).where('anonymised_at', 'is', null).executeTakeFirst();
    if (!person) return { ok: false, errors: { _form: t('error.404.text') } };
    if (shared.includes('phone') && !person.phone && !shared.includes('email')) return { ok: false, errors: { shared: t('referrals.error.no_phone') } };
    const cycleId = await cycleOf(tx, ctx.territoryId, input.sessionId, at);
    const instant = at.toISOString();
    const { id } = await tx
      .insertInto('referrals')
      .values({
        territory_id: ctx.territoryId,
        participant_id: person.id,
        partner_id: partner.id,
        offer_id: input.offerId,
        session_id: input.sessionId,
        cycle_id: cycleId,
        requested_by: input.requestedBy,
        made_by: input.staffId,
        consent_text: consentText(input.requestedBy),
        consent_text_version: CONSENT_VERSION,
        consent_at: instant,
        shared_fields: JSON.stringify(shared),
        note: shared.includes('note') ? input.note : null,
        status: 'sent',
        status_at: instant,
        created_at: instant,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const actor = input.staffId !== null ? `staff:${input.staffId}` : `participant:${person.id}`;
    await tx.insertInto('referral_events').values({ referral_id: id, status: 'sent', happened_on: parisDay(at), actor, at: instant }).execute();
    await audit(tx, { territoryId: ctx.territoryId, actor, action: 'referral.created', subject: `referral:${id}`, details: { partner: partner.id, session: input.sessionId, requestedBy: input.requestedBy, shared, consentVersion: CONSENT_VERSION } });
    await queueReferralMails(tx, ctx, { referralId: id, person, partner, shared });
    return { ok: true, value: id };
  });
}

async function cycleOf(tx: Executor, territoryId: number, sessionId: number | null, at: Date): Promise<number | null> {
  if (sessionId !== null) {
    const s = await tx.selectFrom('sessions as s').innerJoin('cycles as c', 'c.id', 's.cycle_id').select('c.id').where('s.id', '=', sessionId).where('c.territory_id', '=', territoryId).executeTakeFirst();
    if (s) return s.id;
  }
  const day = parisDay(at);
  const c = await tx.selectFrom('cycles').select('id').where('territory_id', '=', territoryId).where('starts_on', '<=', day).where('ends_on', '>=', day).orderBy('number', 'desc').executeTakeFirst();
  return c?.id ?? null;
}

export const outcomeForm = z.object({
  status: z.enum(OUTCOMES as [ReferralStatus, ...ReferralStatus[]], { error: t('referrals.error.status') }),
  happened_on: z
    .string({ error: t('referrals.error.date') })
    .trim()
    .transform((v) => (/^\d{2}\/\d{2}\/\d{4}$/.test(v) ? `${v.slice(6)}-${v.slice(3, 5)}-${v.slice(0, 2)}` : v))
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T12:00:00Z`)) && new Date(`${v}T12:00:00Z`).toISOString().startsWith(v), t('referrals.error.date')),
});
export type OutcomeInput = z.output<typeof outcomeForm>;

/**
 * Records what became of a referral, by its partner's account (or the coordination): the date may
 * be neither in the future nor before the referral. Scoped in SQL by territory and, for a partner,
 * by its chamber: another chamber's referral is not found.
 */
export async function recordOutcome(
  db: Db,
  actor: { staffId: number; territoryId: number; partnerId: number | null },
  input: OutcomeInput & { referralId: number },
  at = new Date(),
): Promise<CommandResult<number>> {
  if (input.happened_on > parisDay(at)) return { ok: false, errors: { happened_on: t('referrals.error.date_future') } };
  return db.transaction().execute(async (tx): Promise<CommandResult<number>> => {
    let q = tx.selectFrom('referrals').select(['id', 'created_at', 'status']).where('id', '=', input.referralId).where('territory_id', '=', actor.territoryId);
    if (actor.partnerId !== null) q = q.where('partner_id', '=', actor.partnerId);
    const referral = await q.executeTakeFirst();
    if (!referral) return { ok: false, errors: { _form: t('error.404.text') } };
    const made = parisDay(referral.created_at);
    if (input.happened_on < made) return { ok: false, errors: { happened_on: t('referrals.error.date_before', { date: made.split('-').reverse().join('/') }) } };
    const instant = at.toISOString();
    await tx.updateTable('referrals').set({ status: input.status, status_at: instant }).where('id', '=', referral.id).execute();
    await tx.insertInto('referral_events').values({ referral_id: referral.id, status: input.status, happened_on: input.happened_on, actor: `staff:${actor.staffId}`, at: instant }).execute();
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'referral.status_changed', subject: `referral:${referral.id}`, details: { from: referral.status, to: input.status, on: input.happened_on } });
    return { ok: true, value: referral.id };
  });
}

export type { SharedField };
