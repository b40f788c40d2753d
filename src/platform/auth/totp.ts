import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type * as OTPAuth from 'otpauth';

/**
 * The TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s steps, what every authenticator app
 * reads). Secrets are stored encrypted with AES-256-GCM under a key derived from SESSION_SECRET
 * (HKDF-SHA256), the staff member's id bound as additional data: a copy of the database alone gives
 * neither the secrets nor a way to move one to another account. Recovery codes are stored as
 * HMAC-SHA256 keyed the same way. See docs/security.md.
 */
const PERIOD = 30;
const DIGITS = 6;

const keys = new Map<string, { encryption: Buffer; recovery: Buffer }>();
// otpauth is required on the first use (an enrolment, a code typed), not with the application
const require = createRequire(import.meta.url);
let otpauth: typeof OTPAuth | undefined;
const otp = () => (otpauth ??= require('otpauth') as typeof OTPAuth);

function keysFor(sessionSecret: string) {
  let k = keys.get(sessionSecret);
  if (!k) {
    const derive = (info: string) => Buffer.from(crypto.hkdfSync('sha256', sessionSecret, 'boutic-staff-security', info, 32));
    k = { encryption: derive('totp-secret-v1'), recovery: derive('recovery-code-v1') };
    keys.set(sessionSecret, k);
  }
  return k;
}

export function encryptSecret(sessionSecret: string, staffUserId: number, base32: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keysFor(sessionSecret).encryption, iv);
  cipher.setAAD(Buffer.from(`staff:${staffUserId}`));
  const ciphertext = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

/** The base32 secret, or null when the value was not written by this key for this account. */
export function decryptSecret(sessionSecret: string, staffUserId: number, stored: string): string | null {
  const [version, iv, tag, ciphertext] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || !ciphertext) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', keysFor(sessionSecret).encryption, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`staff:${staffUserId}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** A fresh 160-bit secret, in base32 (what a person types when they cannot scan the QR code). */
export function newTotpSecret(): string {
  return new (otp().Secret)({ size: 20 }).base32;
}

const totpOf = (base32: string, label = 'Boutic', issuer = 'Boutic') =>
  new (otp().TOTP)({ issuer, label, secret: otp().Secret.fromBase32(base32), algorithm: 'SHA1', digits: DIGITS, period: PERIOD });

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpUri(base32: string, label: string, issuer: string): string {
  return totpOf(base32, label, issuer).toString();
}

/**
 * The time step a code belongs to when it is valid now (one step of clock drift either way), else null.
 * The caller accepts it only if it is later than the last step used (no replay).
 */
export function totpStep(base32: string, code: string, at = Date.now()): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(base32).validate({ token, timestamp: at, window: 1 });
  return delta === null ? null : Math.floor(at / 1000 / PERIOD) + delta;
}

/** A code for the given instant (the tests compute codes like an authenticator app). */
export function totpCode(base32: string, at = Date.now()): string {
  return totpOf(base32).generate({ timestamp: at });
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i to misread

/** Ten recovery codes like « k7m2p-q9x4t » (about 49 bits each). */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[crypto.randomInt(RECOVERY_ALPHABET.length)]);
    return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
  });
}

/** A recovery code as typed (any case, spaces or dash) to its normal form, or null if it cannot be one. */
export function normaliseRecoveryCode(input: string): string | null {
  const chars = input.toLowerCase().replace(/[\s-]/g, '');
  if (chars.length !== 10 || [...chars].some((ch) => !RECOVERY_ALPHABET.includes(ch))) return null;
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export function hashRecoveryCode(sessionSecret: string, code: string): string {
  return crypto.createHmac('sha256', keysFor(sessionSecret).recovery).update(code).digest('hex');
}

/** A keyed hash of an e-mail address, the lockout counter's key (the address itself is not kept there). */
export function emailKey(sessionSecret: string, email: string): string {
  return crypto.createHmac('sha256', keysFor(sessionSecret).recovery).update(`email:${email.trim().toLowerCase()}`).digest('hex');
}
