import fs from 'node:fs';
import path from 'node:path';

/**
 * The node arguments that run one of the repository's TypeScript entry points (`src/main.ts`,
 * `scripts/backup.ts`…, relative to the repository) as a child process: through tsx, or its compiled
 * copy when this code itself runs compiled (`npm test` transpiles the repository into `.build/`
 * first, so that each test process does not pay for tsx's loader; `npm run bench` into `dist/`, as
 * `npm start` does).
 */
export function nodeArgs(entry: string): string[] {
  if (import.meta.url.endsWith('.ts')) return ['--import', 'tsx', entry];
  const buildRoot = path.resolve(import.meta.dirname, '..');
  const maps = process.execArgv.includes('--enable-source-maps') ? ['--enable-source-maps'] : [];
  return [...maps, path.join(buildRoot, entry.replace(/\.tsx?$/, '.js'))];
}

/**
 * The environment `npm start` and `npm run demo` give Boutic: package.json's `config.node_options`
 * (its V8 memory settings, docs/decisions/0007), then the caller's own NODE_OPTIONS, which win. The
 * benches and the tests that start Boutic use it, so that they measure what is shipped.
 */
export function shippedNodeOptions(): { NODE_OPTIONS: string } {
  let shipped = '';
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      shipped = (JSON.parse(fs.readFileSync(file, 'utf8')) as { config?: { node_options?: string } }).config?.node_options ?? '';
      break;
    }
    if (dir === path.dirname(dir)) break;
  }
  return { NODE_OPTIONS: [shipped, process.env.NODE_OPTIONS].filter(Boolean).join(' ') };
}
