import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { monthWeeks, pageNumber, parisMonthOf, parisMonthRange, parseMonth, readFilters, shiftMonth } from './filters.js';
import { formatDuration, formatMonth, parisIso, safeWebUrl, telHref } from './format.js';
import { pageWindow } from './components.js';

describe('catalogue helpers', () => {
  test('a Paris month is bounded by Paris midnights, whatever the daylight saving time', () => {
    // October 2026 starts in summer time (UTC+2) and ends in winter time (UTC+1)
    assert.deepEqual(parisMonthRange('2026-10'), { from: '2026-09-30T22:00:00.000Z', to: '2026-10-31T23:00:00.000Z' });
    assert.deepEqual(parisMonthRange('2026-11'), { from: '2026-10-31T23:00:00.000Z', to: '2026-11-30T23:00:00.000Z' });
    assert.deepEqual(parisMonthRange('2027-03'), { from: '2027-02-28T23:00:00.000Z', to: '2027-03-31T22:00:00.000Z' });
    assert.deepEqual(parisMonthRange('2026-12'), { from: '2026-11-30T23:00:00.000Z', to: '2026-12-31T23:00:00.000Z' });
    // 2026-10-31T23:30Z is 1 November 00:30 in Paris
    assert.equal(parisMonthOf(new Date('2026-10-31T23:30:00Z')), '2026-11');
    assert.equal(parisMonthOf(new Date('2026-10-31T22:30:00Z')), '2026-10');
  });

  test('months: parsing, shifting across years, French names', () => {
    assert.equal(parseMonth('2026-12'), '2026-12');
    for (const bad of ['2026-13', '2026-00', '26-12', '2026-1', '1999-12', 'décembre', undefined]) assert.equal(parseMonth(bad), undefined, String(bad));
    assert.equal(shiftMonth('2026-12', 1), '2027-01');
    assert.equal(shiftMonth('2027-01', -1), '2026-12');
    assert.equal(formatMonth('2026-12'), 'décembre 2026');
    assert.equal(formatMonth('2027-08'), 'août 2027');
  });

  test('the weeks of a month start on Monday', () => {
    const feb = monthWeeks('2026-02'); // 1 February 2026 is a Sunday
    assert.equal(feb.length, 5);
    assert.deepEqual(feb[0], [null, null, null, null, null, null, '2026-02-01']);
    assert.deepEqual(feb[4], ['2026-02-23', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', null]);
    const june = monthWeeks('2026-06'); // 1 June 2026 is a Monday
    assert.equal(june[0]![0], '2026-06-01');
    assert.equal(june.flat().filter(Boolean).length, 30);
  });

  test('page numbers: malformed reads as 1', () => {
    assert.equal(pageNumber(undefined), 1);
    for (const bad of ['abc', '0', '-2', '1.5', '1e3', '', '9999999']) assert.equal(pageNumber(bad), 1, bad);
    assert.equal(pageNumber('3'), 3);
    assert.deepEqual(pageWindow(1, 1), [1]);
    assert.deepEqual(pageWindow(1, 4), [1, 2, 3, 4]);
    assert.deepEqual(pageWindow(6, 12), [1, null, 4, 5, 6, 7, 8, null, 12]);
  });

  test('filters keep only the values that name something of the territory', () => {
    const choices = { venues: [{ slug: 'frevent', commune_code: '62361' }], themes: ['web'] };
    const ok = readFilters({ lieu: 'frevent', commune: '62361', theme: 'web', niveau: 'debutant', mois: '2026-12', places: '1' }, choices, { month: true });
    assert.deepEqual(ok, { filters: { venueSlug: 'frevent', communeCode: '62361', theme: 'web', level: 'debutant', month: '2026-12', withSeats: true }, ignored: [] });
    const bad = readFilters({ lieu: 'x', commune: '62767', theme: 'vente', niveau: 'expert', mois: '2026-13', places: 'oui' }, choices, { month: true });
    assert.deepEqual(bad.ignored, ['lieu', 'commune', 'theme', 'niveau', 'mois', 'places']);
    assert.equal(bad.filters.withSeats, false);
  });

  test('formats: durations, ISO dates with the Paris offset, safe links', () => {
    assert.equal(formatDuration(150), '2 h 30');
    assert.equal(formatDuration(120), '2 h');
    assert.equal(formatDuration(45), '45 min');
    assert.equal(formatDuration(65), '1 h 05');
    assert.equal(parisIso('2026-12-01T13:00:00.000Z'), '2026-12-01T14:00:00+01:00');
    assert.equal(parisIso('2026-07-01T07:30:00.000Z'), '2026-07-01T09:30:00+02:00');
    assert.equal(parisIso('2026-10-31T23:30:00.000Z'), '2026-11-01T00:30:00+01:00');
    assert.equal(safeWebUrl('javascript:alert(1)'), null);
    assert.equal(safeWebUrl('pas une adresse'), null);
    assert.equal(safeWebUrl('https://www.cci.fr/x'), 'https://www.cci.fr/x');
    assert.equal(telHref('03 21 00 00 01'), 'tel:+33321000001');
  });
});
