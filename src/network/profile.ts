import { z } from 'zod';
import type { Db, Executor } from '../platform/db/database.js';
import { now } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';
import { fields, formList, formValues, type FormResult } from '../platform/forms.js';
import { t } from '../platform/i18n/index.js';
import type { FieldErrors } from '../platform/layout/forms.js';

/** The fields a leader may show in the directory, each behind its own unticked box. */
export const SHOWABLE = ['name', 'company', 'sector', 'commune', 'website', 'looking_for', 'offering'] as const;
export type Showable = (typeof SHOWABLE)[number];

/** The version of the directory's consent text (`network.consent.text`), recorded with each opt-in. */
export const DIRECTORY_CONSENT_VERSION = 'annuaire-2026-11';

export interface ProfileInput {
  shown: Showable[];
  website: string | null;
  lookingFor: string | null;
  offering: string | null;
  interests: string[];
}

const base = z.object({
  website: fields.optionalUrl(t('network.error.website')),
  looking_for: fields.optionalText(1000),
  offering: fields.optionalText(1000),
  consent: z.literal('1', { error: t('network.error.consent') }),
});

/**
 * The profile form: which fields are shown (nothing ticked by default), the texts, the interests
 * among the workshops' themes, and the explicit consent. A field ticked but left empty is refused
 * beside it (a shown website needs an address).
 */
export function parseProfileForm(body: unknown, themes: readonly string[]): FormResult<ProfileInput> & { lists: { shown: string[]; interests: string[] } } {
  const values = formValues(body);
  const shownRaw = formList(body, 'shown');
  const interestsRaw = formList(body, 'interests');
  const lists = { shown: shownRaw, interests: interestsRaw };
  const errors: FieldErrors = {};
  const parsed = base.safeParse(values);
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  const shown = [...new Set(shownRaw)];
  if (shown.some((s) => !(SHOWABLE as readonly string[]).includes(s))) errors.shown = t('network.error.choose');
  else if (!shown.length) errors.shown = t('network.error.nothing_shown');
  const interests = [...new Set(interestsRaw)];
  if (interests.some((i) => !themes.includes(i))) errors.interests = t('network.error.choose');
  if (parsed.success) {
    if (shown.includes('website') && !parsed.data.website) errors.website ??= t('network.error.shown_empty');
    if (shown.includes('looking_for') && !parsed.data.looking_for) errors.looking_for ??= t('network.error.shown_empty');
    if (shown.includes('offering') && !parsed.data.offering) errors.offering ??= t('network.error.shown_empty');
  }
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors, values, lists };
  return { ok: true, values, lists, data: { shown: shown as Showable[], website: parsed.data.website, lookingFor: parsed.data.looking_for, offering: parsed.data.offering, interests } };
}

const flags = (shown: Showable[]) => ({
  show_name: shown.includes('name') ? (1 as const) : (0 as const),
  show_company: shown.includes('company') ? (1 as const) : (0 as const),
  show_sector: shown.includes('sector') ? (1 as const) : (0 as const),
  show_commune: shown.includes('commune') ? (1 as const) : (0 as const),
  show_website: shown.includes('website') ? (1 as const) : (0 as const),
  show_looking_for: shown.includes('looking_for') ? (1 as const) : (0 as const),
  show_offering: shown.includes('offering') ? (1 as const) : (0 as const),
});

/**
 * Joins the directory or changes one's profile, in one transaction: the profile (the texts are
 * kept only for the fields shown), and the consent recorded (its text version and date) when
 * joining or coming back. A profile hidden by the coordination stays hidden.
 */
export async function saveProfile(db: Db, participantId: number, input: ProfileInput): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const person = await tx.selectFrom('participants').select('territory_id').where('id', '=', participantId).where('anonymised_at', 'is', null).executeTakeFirstOrThrow();
    const at = now();
    const values = {
      ...flags(input.shown),
      website: input.shown.includes('website') ? input.website : null,
      looking_for: input.shown.includes('looking_for') ? input.lookingFor : null,
      offering: input.shown.includes('offering') ? input.offering : null,
      interests: JSON.stringify(input.interests),
    };
    // a first join inserts; a second click or another tab at the same moment meets the unique
    // participant and becomes a change of the profile (one row, one consent)
    const inserted = await tx
      .insertInto('directory_profiles')
      .values({ territory_id: person.territory_id, participant_id: participantId, ...values, joined_at: at })
      .onConflict((oc) => oc.column('participant_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    let joining = !!inserted;
    if (!inserted) {
      const back = await tx.updateTable('directory_profiles').set({ ...values, updated_at: at, left_at: null, joined_at: at }).where('participant_id', '=', participantId).where('left_at', 'is not', null).executeTakeFirst();
      joining = Number(back.numUpdatedRows) === 1;
      if (!joining) await tx.updateTable('directory_profiles').set({ ...values, updated_at: at }).where('participant_id', '=', participantId).execute();
    }
    if (joining) await tx.insertInto('consents').values({ participant_id: participantId, purpose: 'directory', text_version: DIRECTORY_CONSENT_VERSION, given_at: at }).execute();
    await audit(tx, { territoryId: person.territory_id, actor: `participant:${participantId}`, action: joining ? 'network.joined' : 'network.profile_changed', subject: `participant:${participantId}`, details: { shown: input.shown } });
  });
}

/** Leaves the directory at once: the profile is hidden from everyone, its texts dropped, the consent withdrawn. */
export async function leaveDirectory(db: Db, participantId: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const at = now();
    const left = await tx
      .updateTable('directory_profiles')
      .set({ left_at: at, website: null, looking_for: null, offering: null, ...flags([]) })
      .where('participant_id', '=', participantId)
      .where('left_at', 'is', null)
      .returning('territory_id')
      .executeTakeFirst();
    if (!left) return false;
    await tx.updateTable('consents').set({ withdrawn_at: at }).where('participant_id', '=', participantId).where('purpose', '=', 'directory').where('withdrawn_at', 'is', null).execute();
    await audit(tx, { territoryId: left.territory_id, actor: `participant:${participantId}`, action: 'network.left', subject: `participant:${participantId}` });
    return true;
  });
}

/** The leader's own profile as stored (null when never joined). */
export function ownProfile(db: Executor, participantId: number) {
  return db.selectFrom('directory_profiles').selectAll().where('participant_id', '=', participantId).executeTakeFirst();
}

/** The fields a stored profile shows. */
export function shownOf(p: { show_name: number; show_company: number; show_sector: number; show_commune: number; show_website: number; show_looking_for: number; show_offering: number }): Showable[] {
  return SHOWABLE.filter((f) => p[`show_${f}`] === 1);
}
