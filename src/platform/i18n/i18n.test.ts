import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, formatNumber, formatSlot, formatTime, t } from './index.js';
import { fr } from './messages.fr.js';

test('a slot reads in French, in Paris time: « mardi 2 octobre 2012 de 14 h à 16 h 30 »', () => {
  // 12:00Z is 14:00 in Paris in October 2012 (summer time, UTC+2)
  assert.equal(formatSlot('2012-10-02T12:00:00.000Z', '2012-10-02T14:30:00.000Z'), 'mardi 2 octobre 2012 de 14 h à 16 h 30');
});

test('Paris time across the daylight-saving change (UTC+2 in October, UTC+1 in November)', () => {
  assert.equal(formatTime('2026-10-23T07:00:00.000Z'), '9 h');
  assert.equal(formatTime('2026-10-30T08:00:00.000Z'), '9 h');
  assert.equal(formatDate('2026-10-25T22:30:00.000Z'), 'dimanche 25 octobre 2026');
  assert.equal(formatDate('2026-10-25T23:30:00.000Z'), 'lundi 26 octobre 2026');
});

test('the first day of a month is written « 1er »', () => {
  assert.equal(formatDate('2026-12-01T10:00:00Z'), 'mardi 1er décembre 2026');
  assert.equal(formatDate('2026-12-11T10:00:00Z'), 'vendredi 11 décembre 2026');
});

test('numbers in the French format (narrow no-break space, decimal comma)', () => {
  assert.equal(formatNumber(38000), '38\u202f000');
  assert.equal(formatNumber(12.5), '12,5');
});

test('messages fill their parameters; numbers are formatted', () => {
  assert.equal(t('home.session.seats_left', { count: 1200 }), '1\u202f200 places restantes');
  assert.equal(t('backoffice.welcome', { name: 'Claude' }), 'Bonjour Claude');
});

test('every message of the catalogue is non-empty and its parameters well formed', () => {
  for (const [key, text] of Object.entries(fr)) {
    assert.ok(text.trim().length > 0, key);
    assert.doesNotMatch(text, /\{[^}]*$|^[^{]*\}/, key);
  }
});
