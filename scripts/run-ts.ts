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
