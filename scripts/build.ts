/**
 * Transpiles the repository's TypeScript (src/, scripts/ and test/, whose helpers the scripts use) into a folder of the
 * same layout with esbuild: `.js` files, ES modules, preact's JSX, no type check
 * (tsc does that: `npm run typecheck`, and test/typecheck.test.ts in the suite). Under a second.
 * `npm start`, `npm run demo` and `npm run bench` run from `dist/` (spares tsx's loader: about 45 MB
 * of memory and a second of start-up per process); `npm test` from `.build/`.
 *
 *   tsx scripts/build.ts [outdir]     (default dist)
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

export function buildInto(outdir: string, options: { sourceMaps?: boolean } = {}): void {
  const folders = ['src', 'scripts', 'test'];
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      return e.isDirectory() ? walk(full) : /\.tsx?$/.test(e.name) ? [full] : [];
    });
  fs.rmSync(outdir, { recursive: true, force: true });
  esbuild.buildSync({
    entryPoints: folders.flatMap(walk),
    outdir,
    outbase: '.',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // the tests keep source maps (failures point at the TypeScript); a server does not (V8 keeps every
    // module's source text, maps included: ~10 MB)
    sourcemap: options.sourceMaps ? 'inline' : false,
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) buildInto(process.argv[2] ?? 'dist');
