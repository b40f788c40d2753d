import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { chooseEncoding, PageCache, PAGE_MAX_AGE_MS } from './page-cache.js';

const page = (bytes: number, version = 1, renderedAt = Date.now()) => ({ version, renderedAt, contentType: 'text/html; charset=utf-8', cacheControl: 'no-store', identity: Buffer.alloc(bytes, 'a') });

test('the cache keeps what fits, dropping the least recently used page first', () => {
  const cache = new PageCache(3000);
  cache.store('a', page(900));
  cache.store('b', page(900));
  cache.store('c', page(900));
  assert.ok(cache.fresh('a', 1), 'a used again: now the most recent');
  cache.store('d', page(900));
  assert.equal(cache.fresh('b', 1), undefined, 'b, the least recently used, went');
  for (const key of ['a', 'c', 'd']) assert.ok(cache.fresh(key, 1), key);
  assert.ok(cache.bytes <= 3000, `${cache.bytes} bytes held`);
  assert.equal(cache.evictions, 1);
  cache.store('huge', page(5000));
  assert.equal(cache.fresh('huge', 1), undefined, 'a page larger than the whole cache is not kept');
  assert.ok(cache.bytes <= 3000);
});

test('an entry is served only at its version and while young enough', () => {
  const cache = new PageCache(10_000);
  const t0 = Date.now();
  cache.store('p', page(100, 7, t0));
  assert.equal(cache.fresh('p', 8, t0), undefined, 'another version: not served, and dropped');
  assert.equal(cache.size, 0);
  cache.store('p', page(100, 8, t0));
  assert.ok(cache.fresh('p', 8, t0 + PAGE_MAX_AGE_MS));
  assert.equal(cache.fresh('p', 8, t0 + PAGE_MAX_AGE_MS + 1), undefined, 'too old: rendered again');
});

test('encodings are compressed once, counted in the memory held, and decode to the same bytes', () => {
  const cache = new PageCache(1_000_000);
  const html = Buffer.from('<!DOCTYPE html><p>Séance</p>'.repeat(200));
  const entry = cache.store('p', { ...page(0), identity: html });
  const held = cache.bytes;
  const br = cache.body('p', entry, 'br');
  assert.equal(cache.body('p', entry, 'br'), br, 'the same buffer the second time');
  assert.deepEqual(zlib.brotliDecompressSync(br), html);
  assert.deepEqual(zlib.gunzipSync(cache.body('p', entry, 'gzip')), html);
  assert.equal(cache.bytes, held + br.length + entry.gzip!.length);
});

test('the encoding is the one the browser prefers among br and gzip', () => {
  const cases: Array<[string | undefined, string]> = [
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['deflate', 'identity'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['*', 'gzip'],
    ['x-gzip', 'gzip'],
    ['identity', 'identity'],
    ['BR', 'br'],
  ];
  for (const [header, expected] of cases) assert.equal(chooseEncoding(header), expected, String(header));
});
