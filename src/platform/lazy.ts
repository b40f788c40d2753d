import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A dependency required on its first use rather than when the application starts: a process that
 * never draws a chart, reads Markdown or writes a CSV does not hold their code (docs/performance.md,
 * « Memory »). Synchronous, so that a view renders as before; the ES-module-only packages (d3) are
 * required as ES modules, which Node does from 20.19.
 */
export function onFirstUse<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
