import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMail } from './templates.js';

const content = {
  title: 'Rappel : « Créer son site web » demain',
  paragraphs: ['Bonjour <Camille> & co,', 'Votre séance a lieu demain.\nPensez à votre identifiant.'],
  details: [
    ['Date', 'mardi 1er décembre 2026 de 14 h à 16 h 30'],
    ['Lieu', 'Cybercentre de Frévent\n12 rue de la Gare'],
  ] as Array<[string, string]>,
  action: { label: 'Annuler mon inscription', url: 'https://ateliers.example.fr/inscriptions/annuler?jeton=a&b=1' },
  footer: 'Pays du Ternois — ateliers numériques gratuits',
};

test('the HTML version is French, titled, escaped, with a link that says what it does', () => {
  const { html } = renderMail(content);
  assert.match(html, /^<!DOCTYPE html><html lang="fr" dir="ltr">/);
  assert.match(html, /<title>Rappel : « Créer son site web » demain<\/title>/);
  assert.match(html, /<h1>Rappel : « Créer son site web » demain<\/h1>/);
  assert.match(html, /<p>Bonjour &lt;Camille> &amp; co,<\/p>/, 'text is escaped');
  assert.doesNotMatch(html, /<Camille>/);
  assert.match(html, /<p>Votre séance a lieu demain\.<br\/?>Pensez à votre identifiant\.<\/p>/);
  assert.match(html, /<th scope="row">Lieu<\/th><td>Cybercentre de Frévent<br\/?>12 rue de la Gare<\/td>/);
  assert.match(html, /<a class="button" href="https:\/\/ateliers\.example\.fr\/inscriptions\/annuler\?jeton=a&amp;b=1">Annuler mon inscription<\/a>/);
  assert.match(html, /role="article" aria-roledescription="courriel" aria-label="Rappel : « Créer son site web » demain"/);
  assert.match(html, /<p class="footer">Pays du Ternois — ateliers numériques gratuits<\/p>/);
  assert.doesNotMatch(html, /\sstyle=/, 'no inline style attribute: one embedded stylesheet');
});

test('the text version mirrors it, with the URL spelled out and the footer after the signature line', () => {
  const { text } = renderMail(content);
  assert.equal(
    text,
    [
      'Rappel : « Créer son site web » demain',
      '',
      'Bonjour <Camille> & co,',
      '',
      'Votre séance a lieu demain.\nPensez à votre identifiant.',
      '',
      'Date : mardi 1er décembre 2026 de 14 h à 16 h 30\nLieu : Cybercentre de Frévent\n  12 rue de la Gare',
      '',
      'Annuler mon inscription :\nhttps://ateliers.example.fr/inscriptions/annuler?jeton=a&b=1',
      '',
      '-- ',
      'Pays du Ternois — ateliers numériques gratuits',
      '',
    ].join('\n'),
  );
});

test('the optional parts are optional; an action must be an absolute web address', () => {
  const { html, text } = renderMail({ title: 'Bonjour', paragraphs: ['Un seul paragraphe.'] });
  assert.doesNotMatch(html, /<a |<table|<hr/);
  assert.equal(text, 'Bonjour\n\nUn seul paragraphe.\n');
  assert.throws(() => renderMail({ title: 'x', paragraphs: [], action: { label: 'x', url: 'javascript:alert(1)' } }), /absolute http/);
  assert.throws(() => renderMail({ title: 'x', paragraphs: [], action: { label: 'x', url: '/seances/1' } }), /absolute http/);
});
