import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isValidSiret, normaliseSiret, toE164 } from './identity.js';

test('SIRET: the Luhn key, and La Poste’s exception', () => {
  assert.equal(isValidSiret('73282932000074'), true); // a valid Luhn number
  assert.equal(isValidSiret('73282932000075'), false);
  assert.equal(isValidSiret('7328293200007'), false);
  assert.equal(isValidSiret('35600000000048'), true); // La Poste, head office
  assert.equal(isValidSiret('35600000049837'), true); // La Poste establishment: digits add up to a multiple of 5
  assert.equal(isValidSiret('35600000049838'), false);
  assert.equal(normaliseSiret(' 732 829 320 00074 '), '73282932000074');
  assert.equal(normaliseSiret('  '), null);
});

test('SIRET: changing any one digit of a valid number breaks its key', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1, max: 9 }), (i, delta) => {
      const digits = [...'73282932000074'].map(Number);
      digits[i] = (digits[i]! + delta) % 10;
      return !isValidSiret(digits.join(''));
    }),
  );
});

test('French phone numbers to E.164', () => {
  assert.equal(toE164('06 12 34 56 78'), '+33612345678');
  assert.equal(toE164('03.21.00.00.00'), '+33321000000');
  assert.equal(toE164('+33 6 12 34 56 78'), '+33612345678');
  assert.equal(toE164('12'), null);
  assert.equal(toE164('06 12 34'), null);
});
