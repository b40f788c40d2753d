import fs from 'node:fs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

/** Debian's Chromium at /usr/bin/chromium, or CHROMIUM_PATH; never a downloaded browser. */
export function findChromium(): { path: string | null; advice: string } {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => fs.existsSync(p)) ?? null;
  return {
    path: found,
    advice:
      'Chromium est introuvable : les tests navigateur en ont besoin. Installez-le avec « sudo apt-get install -y chromium » ' +
      '(Debian/Ubuntu), ou indiquez son chemin dans la variable CHROMIUM_PATH.',
  };
}
