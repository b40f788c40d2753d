import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

// Views escape by default (preact-render-to-string); the only way around it is this prop,
// which no view may use without an entry here and a reason.
const ALLOWED_RAW_HTML: string[] = [
  // schema.org JSON-LD of a session: a <script> holds raw text; JSON.stringify then « < » → \u003c, so no value can close it
  path.join('src', 'catalogue', 'json-ld.tsx'),
  // a campaign's Markdown rendered by markdown-it with `html: false` (raw HTML escaped, javascript: links refused): render.test in campaigns
  path.join('src', 'platform', 'mail', 'templates.tsx'),
];

test('no view writes raw HTML (dangerouslySetInnerHTML) outside the reviewed list', () => {
  const offenders = sources('src').filter((f) => !f.endsWith('.test.ts') && fs.readFileSync(f, 'utf8').includes('dangerouslySetInnerHTML') && !ALLOWED_RAW_HTML.includes(f));
  assert.deepEqual(offenders, []);
});

test('no inline script or style attribute in views (the CSP forbids them)', () => {
  const offenders = sources('src').filter((f) => f.endsWith('.tsx') && /\s(on[a-z]+|style)=\{?["'{]/.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});
