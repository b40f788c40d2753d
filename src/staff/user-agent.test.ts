import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeUserAgent } from './user-agent.js';
import { normaliseRecoveryCode, newRecoveryCodes, totpCode, totpStep, newTotpSecret } from '../platform/auth/totp.js';

test('user agents in plain words', () => {
  const table: Array<[string | null, { browser: string; os: string } | null]> = [
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', { browser: 'Edge', os: 'Windows' }],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', { browser: 'Chrome', os: 'Windows' }],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', { browser: 'Safari', os: 'macOS' }],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', { browser: 'Firefox', os: 'Linux' }],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', { browser: 'Chrome', os: 'Android' }],
    ['Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1', { browser: 'Chrome', os: 'iPad' }],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0', { browser: 'Opera', os: 'Windows' }],
    ['curl/8.0', null],
    [null, null],
  ];
  for (const [ua, expected] of table) assert.deepEqual(describeUserAgent(ua), expected, String(ua));
});

test('recovery codes: ten distinct, read back whatever the case, spaces or dash; anything else is not one', () => {
  const codes = newRecoveryCodes();
  assert.equal(new Set(codes).size, 10);
  for (const c of codes) {
    assert.match(c, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
    assert.equal(normaliseRecoveryCode(` ${c.toUpperCase().replace('-', ' ')} `), c);
    assert.equal(normaliseRecoveryCode(c.replace('-', '')), c);
  }
  for (const bad of ['', '123456', 'abcde-fghj', 'abcde-fghjkl', 'abcde-fghj0', 'abcde-fghj1', '<script>']) assert.equal(normaliseRecoveryCode(bad), null, bad);
});

test('TOTP steps: the current code, one step either side, never two steps away nor a malformed code', () => {
  const secret = newTotpSecret();
  const at = Date.UTC(2026, 10, 29, 6, 0, 10);
  const step = Math.floor(at / 30_000);
  assert.equal(totpStep(secret, totpCode(secret, at), at), step);
  assert.equal(totpStep(secret, totpCode(secret, at - 30_000), at), step - 1);
  assert.equal(totpStep(secret, totpCode(secret, at + 30_000), at), step + 1);
  assert.equal(totpStep(secret, totpCode(secret, at + 90_000), at), null);
  assert.equal(totpStep(secret, totpCode(secret, at).replace(/^(\d{3})/, '$1 '), at), step, 'a space in the middle is fine');
  for (const bad of ['', '12345', '1234567', 'abcdef']) assert.equal(totpStep(secret, bad, at), null, bad);
});
