import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../platform/config.js';
import { STAFF_COOKIE } from '../platform/auth/sessions.js';
import { totpUri } from '../platform/auth/totp.js';
import type { SignInSettings } from './commands.js';
import type { Enrolment } from './security-views.js';

/**
 * Between the password and the second factor no session exists: a short-lived signed cookie (HMAC by
 * @fastify/cookie with SESSION_SECRET) says whose password passed, for which step, until when.
 */
export const STEP_COOKIE = 'boutic_equipe_etape';
export const STEP_MINUTES = 5;
export type Step = 'code' | 'enrol';

export function setPendingStep(reply: FastifyReply, config: Config, step: Step, staffUserId: number): void {
  const until = Date.now() + STEP_MINUTES * 60_000;
  reply.setCookie(STEP_COOKIE, `${step}:${staffUserId}:${until}`, {
    path: '/equipe/connexion',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    signed: true,
    expires: new Date(until),
  });
}

/** The staff member waiting at this step, or null (no cookie, forged, other step, or too late). */
export function pendingStep(request: FastifyRequest, step: Step): number | null {
  const raw = request.cookies[STEP_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  const [s, id, until] = unsigned.value.split(':');
  if (s !== step || !/^\d+$/.test(id ?? '') || !(Number(until) > Date.now())) return null;
  return Number(id);
}

export function clearPendingStep(reply: FastifyReply): void {
  reply.clearCookie(STEP_COOKIE, { path: '/equipe/connexion' });
}

export function setSessionCookie(reply: FastifyReply, config: Config, session: { token: string; expiresAt: Date }): void {
  reply.setCookie(STAFF_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, signed: true, expires: session.expiresAt });
}

export async function signInSettings(config: Config, request: FastifyRequest): Promise<SignInSettings> {
  return {
    territoryId: (await request.territory())?.id ?? null,
    sessionSecret: config.sessionSecret,
    ttlHours: config.sessionTtlHours,
    lockout: { failures: config.loginLockoutFailures, minutes: config.loginLockoutMinutes },
    adminTotpRequired: config.adminTotpRequired,
    userAgent: request.headers['user-agent'],
  };
}

/** The secret to show and its QR code as an SVG image (rendered here: no script in the browser). */
export async function enrolmentOf(secret: string, email: string, issuer: string): Promise<Enrolment> {
  const QRCode = (await import('qrcode')).default; // loaded when someone enrols, not with the app
  const svg = await QRCode.toString(totpUri(secret, email, issuer), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, qrDataUri: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}
