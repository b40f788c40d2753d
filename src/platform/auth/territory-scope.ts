import type { Role } from '../db/schema.js';

/**
 * Whether an account may act on the territory a request is for (docs/decisions/0019-territories.md):
 * an account bound to a territory only there; an administrator bound to none (a national
 * administrator) on every territory, acting within the one the request is for. Anyone else is
 * treated as signed out on that host. The one place this is decided, for staff and participants.
 */
export function belongsToTerritory(account: { role?: Role; territoryId: number | null }, territoryId: number | null | undefined): boolean {
  if (territoryId === null || territoryId === undefined) return false;
  if (account.territoryId === null) return account.role === 'administrator';
  return account.territoryId === territoryId;
}
