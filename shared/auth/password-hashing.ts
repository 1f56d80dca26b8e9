import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** OWASP's scrypt recommendation: N=2^17, r=8, p=1 (128 MiB, memory-hard). */
const CURRENT = { logN: 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(
  password: string,
  salt: Buffer,
  params: { logN: number; r: number; p: number },
): Promise<Buffer> {
  const cost = 2 ** params.logN;
  const options: ScryptOptions = {
    N: cost,
    r: params.r,
    p: params.p,
    // Node's default maxmem is 32 MiB, below what N=2^17, r=8 needs (128 * N * r bytes).
    maxmem: 128 * cost * params.r * params.p + 16 * 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password as `scrypt$<logN>$<r>$<p>$<salt>$<key>`, so the parameters can change later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, CURRENT);
  return [
    'scrypt',
    CURRENT.logN,
    CURRENT.r,
    CURRENT.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** Checks a password against a stored hash in constant time; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !logN || !r || !p || !salt || !key) return false;
  const params = { logN: Number(logN), r: Number(r), p: Number(p) };
  if (
    ![params.logN, params.r, params.p].every((n) => Number.isInteger(n) && n > 0) ||
    params.logN > 20
  )
    return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), params);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Whether a stored hash uses weaker parameters than today's and should be replaced at next login. */
export function needsRehash(stored: string): boolean {
  const [scheme, logN, r, p] = stored.split('$');
  return (
    scheme !== 'scrypt' ||
    Number(logN) < CURRENT.logN ||
    Number(r) !== CURRENT.r ||
    Number(p) !== CURRENT.p
  );
}
