// The native argon2 library (~11 MB of a process's memory) is loaded on the first sign-in, not at start.
const argon2 = () => import('@node-rs/argon2');

// OWASP's argon2id baseline (19 MiB, 2 passes); a hash carries its own parameters, so they can rise later.
const options = { algorithm: 2 /* Algorithm.Argon2id (an ambient const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return argon2().then((a) => a.hash(password, options));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await (await argon2()).verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing, verified against when the e-mail is unknown, so timing does not tell accounts apart. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('boutic-decoy-password');
  return decoy;
}
