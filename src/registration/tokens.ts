import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Executor } from '../platform/db/database.js';
import { now } from '../platform/db/database.js';
import { belongsToTerritory } from '../platform/auth/territory-scope.js';

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
export const ACCESS_DAYS = 7;
export const PARTICIPANT_SESSION_HOURS = 2;
export const PARTICIPANT_COOKIE = 'boutic_inscrit';

/**
 * A link to « Mes inscriptions »: 256 random bits, only the hash stored, valid 7 days, used once
 * (it opens a short participant session; each e-mail carries a fresh one).
 */
export async function issueAccessToken(tx: Executor, participantId: number, at = new Date()): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await tx
    .insertInto('tokens')
    .values({ purpose: 'participant_access', hash: sha256(token), subject: `participant:${participantId}`, expires_at: new Date(at.getTime() + ACCESS_DAYS * 86400_000).toISOString() })
    .execute();
  return token;
}

/**
 * Uses an access link once: returns the participant, or null when unknown, used, expired, or the
 * link of a participant of another territory than `territoryId` (then left unused: it still works on its own site).
 */
export async function consumeAccessToken(db: Executor, token: string, territoryId: number | null, at = new Date()): Promise<number | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const found = await db
    .selectFrom('tokens')
    .select('subject')
    .where('hash', '=', sha256(token))
    .where('purpose', '=', 'participant_access')
    .where('used_at', 'is', null)
    .where('expires_at', '>', at.toISOString())
    .executeTakeFirst();
  const participantId = found ? participantOfSubject(found.subject) : null;
  if (participantId === null || !(await participantBelongsTo(db, participantId, territoryId))) return null;
  // claimed by a conditional update: a link used twice at once opens one session
  const used = await db.updateTable('tokens').set({ used_at: now() }).where('hash', '=', sha256(token)).where('purpose', '=', 'participant_access').where('used_at', 'is', null).executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? participantId : null;
}

const participantOfSubject = (subject: string): number | null => {
  const m = /^participant:(\d{1,15})$/.exec(subject);
  return m ? Number(m[1]) : null;
};

/** Whether a participant is one of this territory's: a participant of territory A is not signed in on B (docs/decisions/0019-territories.md). */
async function participantBelongsTo(db: Executor, participantId: number, territoryId: number | null): Promise<boolean> {
  const row = await db.selectFrom('participants').select('territory_id').where('id', '=', participantId).executeTakeFirst();
  return !!row && belongsToTerritory({ territoryId: row.territory_id }, territoryId);
}

/** Opens a participant session (cookie value returned; its hash stored like any token). */
export async function openParticipantSession(db: Executor, participantId: number, at = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(at.getTime() + PARTICIPANT_SESSION_HOURS * 3600_000);
  await db.insertInto('tokens').values({ purpose: 'participant_session', hash: sha256(token), subject: `participant:${participantId}`, expires_at: expiresAt.toISOString() }).execute();
  return { token, expiresAt };
}

/** The participant of a live session, if they are one of territory `territoryId`'s. */
export async function participantOfSession(db: Executor, token: string | undefined, territoryId: number | null): Promise<number | null> {
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await db
    .selectFrom('tokens')
    .select('subject')
    .where('hash', '=', sha256(token))
    .where('purpose', '=', 'participant_session')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now())
    .executeTakeFirst();
  const participantId = row ? participantOfSubject(row.subject) : null;
  return participantId !== null && (await participantBelongsTo(db, participantId, territoryId)) ? participantId : null;
}

export async function closeParticipantSession(db: Executor, token: string): Promise<void> {
  await db.updateTable('tokens').set({ used_at: now() }).where('hash', '=', sha256(token)).where('purpose', '=', 'participant_session').execute();
}

/**
 * The participant whose « Mes inscriptions » session the request carries (signed cookie), or null —
 * also when they are a participant of another territory than the request's. Every participant page asks here.
 */
export async function participantOfRequest(request: FastifyRequest): Promise<number | null> {
  const raw = request.cookies[PARTICIPANT_COOKIE];
  const unsigned = raw ? request.unsignCookie(raw) : null;
  if (!unsigned?.valid || !unsigned.value) return null;
  return participantOfSession(request.server.deps.database.db, unsigned.value, (await request.territory())?.id ?? null);
}

/** Who an invitation is for: the person's details, to fill in the registration form. */
export interface Invitation {
  session: number;
  email: string;
  first_name: string;
  last_name: string;
  company: string | null;
}

/**
 * An invitation to register for one session during its priority window (a session opened on
 * demand): 256 random bits, only the hash stored, valid until the session starts.
 */
export async function issueInvitation(tx: Executor, invitation: Invitation, expiresAt: string): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await tx.insertInto('tokens').values({ purpose: 'session_invitation', hash: sha256(token), subject: JSON.stringify(invitation), expires_at: expiresAt }).execute();
  return token;
}

/** The invitation a link carries, if it is valid for this session. */
export async function invitationFor(db: Executor, token: string, sessionId: number, at = new Date()): Promise<Invitation | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await db.selectFrom('tokens').select('subject').where('hash', '=', sha256(token)).where('purpose', '=', 'session_invitation').where('expires_at', '>', at.toISOString()).executeTakeFirst();
  if (!row) return null;
  const invitation = JSON.parse(row.subject) as Invitation;
  return invitation.session === sessionId ? invitation : null;
}
