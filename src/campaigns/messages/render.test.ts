import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderBody, withRef } from './render.js';

test('a campaign’s Markdown: raw HTML escaped, script links refused, the site’s links tagged with the reference', () => {
  const ctx = { baseUrl: 'https://ateliers.example.fr' };
  const { html, text } = renderBody('Bonjour {prénom} <img src=x onerror=alert(1)>\n\n[piège](javascript:alert(1)) [site](https://ateliers.example.fr/ateliers?theme=web) [ailleurs](https://cci.fr/x) <script>alert(1)</script>', ctx, 'rentree-1', 'Marie');
  assert.doesNotMatch(html, /<img|<script|href="javascript:/i);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(html, /href="https:\/\/ateliers\.example\.fr\/ateliers\?theme=web&amp;ref=rentree-1"/);
  assert.match(html, /href="https:\/\/cci\.fr\/x"/, 'other sites untouched');
  assert.match(html, /Bonjour Marie/);
  assert.match(text, /https:\/\/ateliers\.example\.fr\/ateliers\?theme=web&ref=rentree-1/);
  assert.equal(withRef('https://ateliers.example.fr/?ref=old', ctx.baseUrl, 'new'), 'https://ateliers.example.fr/?ref=new');
});

test('the text version reads as plain text: no Markdown marks, links with their address, lists, « Bonjour, » without a first name', () => {
  const ctx = { baseUrl: 'https://ateliers.example.fr' };
  const body = 'Bonjour {prénom},\n\nLes **ateliers** _gratuits_ reprennent : [le programme](https://ateliers.example.fr/ateliers).\n\n## Au menu\n\n- vendre en ligne\n- la `facture` électronique\n\n1. choisir\n2. s’inscrire\n\nÉcrire à <contact@ternois.fr>.';
  const { text } = renderBody(body, ctx, 'hiver-2', null);
  assert.equal(
    text,
    [
      'Bonjour,',
      '',
      'Les ateliers gratuits reprennent : le programme (https://ateliers.example.fr/ateliers?ref=hiver-2).',
      '',
      'Au menu',
      '',
      '- vendre en ligne',
      '- la facture électronique',
      '',
      '1. choisir',
      '2. s’inscrire',
      '',
      'Écrire à contact@ternois.fr.',
    ].join('\n'),
  );
  assert.match(renderBody(body, ctx, 'hiver-2', 'Léa').text, /^Bonjour Léa,/);
});
