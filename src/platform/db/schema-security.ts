import type { Created, Id, Instant } from './schema.js';

// Staff sign-in security (issue 11, migration 0020). Part of `DB` in schema.ts.
/** A staff member's TOTP second factor; secrets are AES-256-GCM ciphertexts (src/platform/auth/totp.ts). */
export interface StaffSecondFactorTable {
  staff_user_id: number;
  secret: string | null;
  pending_secret: string | null;
  enabled_at: Instant | null;
  last_step: number | null;
  updated_at: Instant;
}

/** A single-use recovery code, kept as an HMAC keyed by the session secret. */
export interface StaffRecoveryCodeTable {
  id: Id;
  staff_user_id: number;
  code_hash: string;
  used_at: Instant | null;
  created_at: Created;
}

/** Consecutive failed sign-ins per e-mail address (known or not), and the lock they put. */
export interface StaffLoginThrottleTable {
  email_key: string;
  failures: number;
  locked_until: Instant | null;
  updated_at: Instant;
}
