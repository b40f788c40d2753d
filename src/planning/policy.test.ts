import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StaffPrincipal } from '../platform/auth/sessions.js';
import type { Role } from '../platform/db/schema.js';
import { canPlan } from './policy.js';

const staff = (role: Role, territoryId: number | null): StaffPrincipal => ({ id: 1, email: 'x@y.fr', displayName: 'X', role, territoryId, sessionHash: 'h' });

test('who may plan the catalogue of territory 1', () => {
  const table: Array<[StaffPrincipal | null, boolean]> = [
    [null, false],
    [staff('coordinator', 1), true],
    [staff('administrator', 1), true],
    [staff('administrator', null), true],
    [staff('coordinator', 2), false],
    [staff('administrator', 2), false],
    [staff('facilitator', 1), false],
    [staff('partner', 1), false],
  ];
  for (const [who, expected] of table) assert.equal(canPlan(who, 1), expected, `${who?.role ?? 'anonymous'} of ${who?.territoryId}`);
});
