import { createRequire } from 'node:module';
import type * as Phone from 'libphonenumber-js/max';

// libphonenumber's metadata (~2.5 MB of memory) is required on the first phone number typed
const require = createRequire(import.meta.url);
let phoneMetadata: typeof Phone | undefined;
const phoneLib = () => (phoneMetadata ??= require('libphonenumber-js/max') as typeof Phone);

/**
 * SIRET check: 14 digits whose Luhn key is valid; La Poste's establishments (SIREN 356000000)
 * are numbered in sequence instead, and their digits must add up to a multiple of 5.
 */
export function isValidSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  if (value.startsWith('356000000')) {
    return value === '35600000000048' || [...value].reduce((s, d) => s + Number(d), 0) % 5 === 0;
  }
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = Number(value[13 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A SIRET as typed (« 123 456 789 00012 ») to its 14 digits, or null when empty. */
export function normaliseSiret(value: string): string | null {
  const digits = value.replace(/[\s.-]/g, '');
  return digits === '' ? null : digits;
}

/** A French phone number in E.164 (« +33321000000 »), or null when it is not a valid number. */
export function toE164(value: string): string | null {
  const phone = phoneLib().parsePhoneNumberFromString(value, 'FR');
  return phone && phone.isValid() ? phone.number : null;
}
