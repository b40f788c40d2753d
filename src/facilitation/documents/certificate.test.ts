import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nonWhiteShare, readPdf, renderPageToImage, type ReadPdf } from '../../../test/pdf.js';
import { certificateFilename, formatDuration, renderCertificate } from './certificate.js';
import type { CertificateInput } from './types.js';

const A4 = [0, 0, 595.28, 841.89];

function certificate(over: Partial<CertificateInput> = {}): CertificateInput {
  return {
    code: '7KQ2-M9XD-4TPA',
    verifyUrl: 'https://boutic.example.org/attestations/verifier?code=7KQ2-M9XD-4TPA',
    firstName: 'Éloïse',
    lastName: 'Dupré-Lefèvre',
    companyName: 'Ferme de l’Abbaye',
    workshopTitle: 'Créer son site web',
    startsAt: '2026-12-03T13:00:00.000Z', // 14 h in Paris (winter time)
    endsAt: '2026-12-03T15:30:00.000Z',
    durationMinutes: 150,
    venueName: 'Cybercentre de Frévent',
    venueAddress: '2 rue du Château',
    communeName: 'Frévent',
    postcode: '62270',
    programmeName: 'Boutic',
    funder: 'Région Hauts-de-France et Département du Pas-de-Calais',
    territoryName: 'Pays du Ternois',
    publisher: 'Pays du Ternois',
    facilitatorName: 'Jeanne Martin',
    issuedAt: '2026-12-04T09:00:00.000Z',
    ...over,
  };
}

/** The page's text as one paragraph: what a person reads, whatever the line breaks. */
const prose = (pdf: ReadPdf) => pdf.lines.flat().join(' ').replace(/\s+/g, ' ');

test('states who attended which workshop, when, for how long, where, within which programme and funded by whom', async () => {
  const pdf = await readPdf(await renderCertificate(certificate()));
  assert.equal(pdf.pages, 1);
  assert.deepEqual(pdf.sizes[0], A4);
  assert.equal(pdf.info.Title, 'Attestation de présence — Éloïse Dupré-Lefèvre');
  assert.equal(pdf.info.Author, 'Pays du Ternois');
  assert.equal(pdf.info.Subject, 'Atelier « Créer son site web », jeudi 3 décembre 2026');

  const lines = pdf.lines[0]!;
  assert.ok(lines.includes('Attestation de présence'));
  const text = prose(pdf);
  for (const part of [
    'Action financée par : Région Hauts-de-France et Département du Pas-de-Calais',
    'Nous attestons qu’Éloïse Dupré-Lefèvre, de l’entreprise Ferme de l’Abbaye, a participé à l’atelier « Créer son site web » le jeudi 3 décembre 2026, de 14 h à 16 h 30, soit une durée de 2 h 30.',
    'Lieu de l’atelier : Cybercentre de Frévent, 2 rue du Château, 62270 Frévent.',
    'Atelier animé par Jeanne Martin.',
    'Cet atelier fait partie du dispositif Boutic (Pays du Ternois). Ce dispositif est financé par : Région Hauts-de-France et Département du Pas-de-Calais.',
    'Fait le 4 décembre 2026, pour valoir ce que de droit.',
    'Délivrée par : Pays du Ternois',
  ]) {
    assert.ok(text.includes(part), `${part}\nnot in\n${lines.join('\n')}`);
  }
  // the verification block: the code, and the address whole on one line so that it can be typed
  assert.ok(lines.includes('Code de vérification : 7KQ2-M9XD-4TPA'));
  assert.ok(lines.includes('https://boutic.example.org/attestations/verifier?code=7KQ2-M9XD-4TPA'));
  assert.ok(lines.at(-1)!.startsWith('Boutic — Pays du Ternois'), 'footer');
});

test('without company nor facilitator, those clauses go; a name starting with a consonant takes « que »; summer time', async () => {
  const pdf = await readPdf(
    await renderCertificate(
      certificate({ firstName: 'Jean', lastName: 'Martin', companyName: null, facilitatorName: null, startsAt: '2026-06-15T12:00:00Z', endsAt: '2026-06-15T15:00:00Z', durationMinutes: 180, funder: '' }),
    ),
  );
  const text = prose(pdf);
  assert.ok(text.includes('Nous attestons que Jean Martin a participé à l’atelier « Créer son site web » le lundi 15 juin 2026, de 14 h à 17 h, soit une durée de 3 h.'), text);
  assert.ok(!text.includes('entreprise'));
  assert.ok(!text.includes('animé par'));
  assert.ok(!text.includes('financé'), 'no funder, no funder clause');
});

test('an address that does not fit one line is still printed whole, on one page', async () => {
  const verifyUrl = `https://ateliers-numeriques.communaute-de-communes-du-ternois.example.fr/espace-public/attestations/verifier?code=7KQ2-M9XD-4TPA&source=${'x'.repeat(60)}`;
  const pdf = await readPdf(await renderCertificate(certificate({ verifyUrl })));
  assert.equal(pdf.pages, 1);
  assert.ok(pdf.lines[0]!.join('').includes(verifyUrl), pdf.lines[0]!.join('\n'));
  const medium = 'https://ateliers-numeriques.pays-du-ternois.example.fr/attestations/verifier?code=7KQ2-M9XD-4TPA';
  const again = await readPdf(await renderCertificate(certificate({ verifyUrl: medium })));
  assert.ok(again.lines[0]!.includes(medium), 'a longer address is set smaller rather than cut');
});

test('long texts stay on one page and in the page', async () => {
  const long = 'Atelier très long '.repeat(12).trim();
  const pdf = await readPdf(await renderCertificate(certificate({ workshopTitle: long, companyName: 'Établissements Horticoles et Pépinières Réunis de la Vallée de la Canche et de l’Authie' })));
  assert.equal(pdf.pages, 1);
  assert.ok(prose(pdf).includes(`« ${long} »`));
  for (const item of pdf.items[0]!) assert.ok(item.x + item.width <= 595.28 - 50 + 0.5, `${item.str} leaves the page`);
});

test('a hostile name is printed as text, not dropped', async () => {
  const pdf = await readPdf(await renderCertificate(certificate({ firstName: '<script>alert(1)</script>', lastName: "=cmd|' /C calc'!A0", companyName: '=HYPERLINK("x")' })));
  const text = prose(pdf);
  assert.ok(text.includes(`que <script>alert(1)</script> =cmd|' /C calc'!A0, de l’entreprise =HYPERLINK("x"), a participé`), text);
  assert.equal(pdf.info.Title, `Attestation de présence — <script>alert(1)</script> =cmd|' /C calc'!A0`);
});

test('the page drawn to pixels is a certificate: ink, but mostly white paper', async () => {
  const image = await renderPageToImage(await renderCertificate(certificate()), 1);
  assert.equal(image.width, 596);
  assert.equal(image.height, 842);
  const share = nonWhiteShare(image);
  // A page of text with a title and a framed block inks about 5 % of A4; a blank page (or one with
  // only the footer) is well under 1 %, and half the page dark would be a broken rendering.
  assert.ok(share > 0.015 && share < 0.5, `${(share * 100).toFixed(1)} % of the page`);
});

test('durations in French', () => {
  assert.equal(formatDuration(150), '2 h 30');
  assert.equal(formatDuration(180), '3 h');
  assert.equal(formatDuration(45), '45 min');
  assert.equal(formatDuration(65), '1 h 05');
  assert.equal(formatDuration(60), '1 h');
  assert.equal(formatDuration(0), '0 min');
  assert.equal(formatDuration(89.6), '1 h 30');
  assert.equal(formatDuration(-5), '0 min');
});

test('the file name is the person and the Paris date, ASCII only', () => {
  assert.equal(certificateFilename(certificate()), 'attestation-dupre-lefevre-eloise-2026-12-03.pdf');
  assert.equal(certificateFilename(certificate({ lastName: 'Œuvrard', firstName: 'Zoé', startsAt: '2026-12-02T23:30:00Z' })), 'attestation-oeuvrard-zoe-2026-12-03.pdf');
  assert.equal(certificateFilename(certificate({ lastName: '王', firstName: '伟' })), 'attestation-participant-2026-12-03.pdf');
  for (const lastName of ["=cmd|' /C calc'!A0", '<script>"x"</script>', '../../etc/passwd', 'a'.repeat(300)]) {
    const name = certificateFilename(certificate({ lastName }));
    assert.match(name, /^attestation-[a-z0-9]+(-[a-z0-9]+)*-\d{4}-\d{2}-\d{2}\.pdf$/, name);
    assert.ok(name.length <= 80, name);
  }
});
