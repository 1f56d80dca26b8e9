import { randomBytes, scryptSync } from 'node:crypto';
import { hashPassword, needsRehash, verifyPassword } from '../../shared/auth/password-hashing';

describe('password hashing', () => {
  const password = 'a reasonably long password';
  let stored: string;

  beforeAll(async () => {
    stored = await hashPassword(password);
  });

  test('when a password is hashed, then the string carries scheme, OWASP parameters (N=2^17, r=8, p=1), salt and key', () => {
    const [scheme, logN, r, p, salt, key] = stored.split('$');

    expect([scheme, logN, r, p]).toEqual(['scrypt', '17', '8', '1']);
    expect(Buffer.from(salt ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64url')).toHaveLength(32);
    expect(stored).not.toContain(password);
  });

  test('when the same password is hashed twice, then the salts and hashes differ', async () => {
    const again = await hashPassword(password);

    expect(again).not.toBe(stored);
    expect(again.split('$')[4]).not.toBe(stored.split('$')[4]);
  });

  test('when the right password is checked, then it matches, and a wrong one does not', async () => {
    await expect(verifyPassword(password, stored)).resolves.toBe(true);
    await expect(verifyPassword(`${password} `, stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  test('when the stored string was made with other parameters, then it is checked with those and flagged for rehashing', async () => {
    const salt = randomBytes(16);
    const key = scryptSync(password, salt, 32, { N: 2 ** 12, r: 8, p: 1 });
    const legacy = ['scrypt', 12, 8, 1, salt.toString('base64url'), key.toString('base64url')].join(
      '$',
    );

    await expect(verifyPassword(password, legacy)).resolves.toBe(true);
    expect(needsRehash(legacy)).toBe(true);
    expect(needsRehash(stored)).toBe(false);
  });

  test.each([
    '',
    'plain-text',
    'scrypt$unusable',
    'bcrypt$10$abc',
    'scrypt$40$8$1$c2FsdA$a2V5',
    'scrypt$x$8$1$c2FsdA$a2V5',
  ])('when the stored string is malformed (%s), then nothing matches it', async (malformed) => {
    await expect(verifyPassword(password, malformed)).resolves.toBe(false);
  });
});
