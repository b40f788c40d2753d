import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository's root (the folder holding package.json), found from this file whether it runs from
 * `src/` through tsx or from a compiled copy one level deeper (`.build/src/`, see scripts/test.ts).
 */
export function projectRoot(): string {
  let dir = import.meta.dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`package.json introuvable au-dessus de ${import.meta.dirname}`);
    dir = up;
  }
  return dir;
}
