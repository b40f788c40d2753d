import crypto from 'node:crypto';
import type { Db, Executor } from '../platform/db/database.js';
import { formatDate, formatSlot, t } from '../platform/i18n/index.js';
import { enqueueMail } from '../platform/mail/outbox.js';
import { renderMail } from '../platform/mail/templates.js';
import { issueAccessToken } from '../registration/tokens.js';
import { certificateFilename, renderCertificate } from './documents/certificate.js';
import type { CertificateInput } from './documents/types.js';
import { scheduleSurveys } from '../results/surveys/schedule.js';

/** What a certificate prints about the programme (the territory's programme row). */
export interface ProgrammeFacts {
  baseUrl: string;
  programmeName: string;
  funder: string;
  territoryName: string;
  publisher: string;
}

// Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is not misread.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 12;

/** A fresh verification code, 60 random bits, shown as « 7KQ2-M9XD-4TPA ». */
export function newCertificateCode(): string {
  const bytes = crypto.randomBytes(CODE_LENGTH);
  let k = 0;
  return certificateCodeFrom(() => bytes[k++]!);
}

/** A code from a source of numbers 0..31 (the demo's seeded generator; crypto above). */
export function certificateCodeFrom(next: () => number): string {
  let raw = '';
  for (let k = 0; k < CODE_LENGTH; k++) raw += ALPHABET[next() & 31];
  return formatCode(raw);
}

const formatCode = (raw: string) => raw.match(/.{4}/g)!.join('-');

/**
 * A code as a person typed it, in its stored form, or null when it cannot be one: case, spaces
 * and dashes do not matter, and the letters people confuse with digits (O, I, L) are read as such.
 */
export function normaliseCertificateCode(input: string): string | null {
  const raw = input
    .toUpperCase()
    .replace(/[\s\-–—.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (raw.length !== CODE_LENGTH || [...raw].some((ch) => !ALPHABET.includes(ch))) return null;
  return formatCode(raw);
}

export const verificationUrl = (baseUrl: string, code: string) => `${baseUrl}/attestations/verifier?code=${encodeURIComponent(code)}`;

/** Everything a certificate shows, found by its registration or its code, within a territory. */
export function certificateFacts(db: Executor, territoryId: number, by: { registrationId: number } | { code: string }) {
  return db
    .selectFrom('certificates as ce')
    .innerJoin('registrations as r', 'r.id', 'ce.registration_id')
    .innerJoin('participants as p', 'p.id', 'r.participant_id')
    .leftJoin('companies as co', 'co.id', 'p.company_id')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .innerJoin('communes as cm', (j) => j.onRef('cm.insee_code', '=', 'v.commune_code').onRef('cm.territory_id', '=', 'v.territory_id'))
    .leftJoin('staff_users as f', 'f.id', 's.facilitator_id')
    .select([
      'ce.id',
      'ce.code',
      'ce.issued_at',
      'ce.revoked_at',
      'r.id as registration_id',
      'r.participant_id',
      'r.attendance',
      'p.first_name',
      'p.last_name',
      'p.email',
      'p.anonymised_at',
      'co.name as company_name',
      's.id as session_id',
      's.starts_at',
      's.ends_at',
      'w.title as workshop_title',
      'w.duration_minutes',
      'w.follow_on_partner',
      'w.follow_on_title',
      'w.follow_on_url',
      'v.name as venue_name',
      'v.address as venue_address',
      'cm.name as commune_name',
      'cm.postcodes',
      'f.display_name as facilitator_name',
    ])
    .where('p.territory_id', '=', territoryId)
    .$if('registrationId' in by, (q) => q.where('ce.registration_id', '=', (by as { registrationId: number }).registrationId))
    .$if('code' in by, (q) => q.where('ce.code', '=', (by as { code: string }).code))
    .executeTakeFirst();
}
export type CertificateFacts = NonNullable<Awaited<ReturnType<typeof certificateFacts>>>;

/** The document's input from the facts: the actual time spent is the session's slot. */
export function certificateInput(facts: CertificateFacts, programme: ProgrammeFacts): CertificateInput {
  return {
    code: facts.code,
    verifyUrl: verificationUrl(programme.baseUrl, facts.code),
    firstName: facts.first_name,
    lastName: facts.last_name,
    companyName: facts.company_name,
    workshopTitle: facts.workshop_title,
    startsAt: facts.starts_at,
    endsAt: facts.ends_at,
    durationMinutes: Math.round((Date.parse(facts.ends_at) - Date.parse(facts.starts_at)) / 60_000),
    venueName: facts.venue_name,
    venueAddress: facts.venue_address,
    communeName: facts.commune_name,
    postcode: facts.postcodes.split(',')[0] ?? null,
    programmeName: programme.programmeName,
    funder: programme.funder,
    territoryName: programme.territoryName,
    publisher: programme.publisher,
    facilitatorName: facts.facilitator_name,
    issuedAt: facts.issued_at,
  };
}

/**
 * Gives a present participant their certificate (a new code, or the revoked one restored) and puts
 * the e-mail carrying it in the outbox, in the caller's transaction. Idempotent: a valid certificate
 * stays as it is and is not mailed twice. Schedules the person's surveys too (results/surveys).
 */
export async function issueCertificate(tx: Executor, territoryId: number, programme: ProgrammeFacts, registrationId: number, at: Date): Promise<{ code: string; mailed: boolean }> {
  const existing = await tx.selectFrom('certificates').select(['id', 'code', 'revoked_at']).where('registration_id', '=', registrationId).executeTakeFirst();
  if (existing && !existing.revoked_at) return { code: existing.code, mailed: false };
  const issuedAt = at.toISOString();
  if (existing) {
    await tx.updateTable('certificates').set({ revoked_at: null, issued_at: issuedAt }).where('id', '=', existing.id).execute();
  } else {
    await tx.insertInto('certificates').values({ registration_id: registrationId, code: newCertificateCode(), issued_at: issuedAt }).execute();
  }
  const facts = (await certificateFacts(tx, territoryId, { registrationId }))!;
  const input = certificateInput(facts, programme);
  const pdf = await renderCertificate(input);
  const token = await issueAccessToken(tx, facts.participant_id, at);
  const followOn = facts.follow_on_title ? [t('facilitation.mail.certificate.follow_on', { partner: facts.follow_on_partner ?? '', title: facts.follow_on_title }) + (facts.follow_on_url ? `\n${facts.follow_on_url}` : '')] : [];
  const mail = renderMail({
    title: t('facilitation.mail.certificate.title'),
    paragraphs: [t('facilitation.mail.certificate.body', { name: facts.first_name, workshop: facts.workshop_title, date: formatDate(facts.starts_at) }), ...followOn],
    details: [
      [t('registration.mail.details.workshop'), facts.workshop_title],
      [t('registration.mail.details.when'), formatSlot(facts.starts_at, facts.ends_at)],
      [t('facilitation.mail.certificate.code'), facts.code],
    ],
    action: { label: t('registration.mail.my_space'), url: `${programme.baseUrl}/mes-inscriptions/acces?jeton=${encodeURIComponent(token)}` },
    footer: t('registration.mail.signature', { programme: programme.programmeName }),
  });
  await enqueueMail(tx, {
    kind: 'certificate.issued',
    // a certificate restored after a correction is a new message; the same issue is never mailed twice
    idempotencyKey: `certificate:${registrationId}:${issuedAt}`,
    mail: {
      to: facts.email,
      subject: t('facilitation.mail.certificate.subject', { workshop: facts.workshop_title }),
      ...mail,
      attachments: [{ filename: certificateFilename(input), contentType: 'application/pdf', content: pdf.toString('base64'), encoding: 'base64' }],
    },
    guard: { name: 'certificate_valid', data: { registrationId } },
  });
  // presence also brings the surveys: the day after, and three months on (idempotent)
  await scheduleSurveys(tx, territoryId, programme, registrationId, at);
  return { code: facts.code, mailed: true };
}

/** Withdraws a certificate when the attendance is corrected to absent or excused; its code then checks as withdrawn. */
export async function revokeCertificate(tx: Executor, registrationId: number, at: Date): Promise<boolean> {
  const r = await tx.updateTable('certificates').set({ revoked_at: at.toISOString() }).where('registration_id', '=', registrationId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The outbox guard of a certificate's e-mail: not sent if it was withdrawn meanwhile. */
export async function certificateValid(db: Db, data: unknown): Promise<boolean> {
  const { registrationId } = (data ?? {}) as { registrationId?: number };
  if (typeof registrationId !== 'number') return false;
  const row = await db.selectFrom('certificates').select('revoked_at').where('registration_id', '=', registrationId).executeTakeFirst();
  return !!row && row.revoked_at === null;
}
