import { createHash } from 'node:crypto';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import { hashPassword } from '../../shared/auth/password-hashing';
import { createUser, unique, type UserFixture } from '../support/factories';
import { refreshCookieOf, startAuthFunction, type AuthFunction } from './auth-function';
import { expectProblem, invalidPaths } from './problem-assertions';
import { rowCounts } from './row-counts';

const PATH = '/api/v1/auth/login';
const PASSWORD = 'correct horse battery staple';

describe('POST /api/v1/auth/login', () => {
  let auth: AuthFunction;
  let passwordHash: string;

  beforeAll(async () => {
    auth = await startAuthFunction();
    passwordHash = await hashPassword(PASSWORD); // once per file: the real hash costs ~0.4 s
  });
  afterAll(() => auth.close());

  const userWithPassword = (): Promise<UserFixture> => createUser(auth.db, { passwordHash });

  test('when the email and password are right, then it answers with an access token, the user and a refresh cookie', async () => {
    const user = await userWithPassword();

    const response = await auth.invoke({
      method: 'POST',
      path: PATH,
      body: { email: user.email, password: PASSWORD },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({
      accessToken: expect.any(String) as unknown,
      tokenType: 'Bearer',
      expiresIn: 900,
      user: {
        id: user.id,
        name: user.name,
        email: user.email,
        role: 'customer',
        createdAt: expect.any(String) as unknown,
      },
    });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).not.toMatch(/scrypt|passwordHash/);
  });

  test('when a login succeeds, then the access token is an EdDSA JWT with iss, aud, exp, sub, role and jti', async () => {
    const user = await userWithPassword();

    const response = await auth.invoke({
      method: 'POST',
      path: PATH,
      body: { email: user.email, password: PASSWORD },
    });

    const token = response.json.accessToken as string;
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'EdDSA',
      kid: auth.signingKey.keyId,
      typ: 'JWT',
    });
    const claims = decodeJwt(token);
    expect(claims).toEqual({
      iss: 'bookstore',
      aud: 'bookstore-api',
      sub: String(user.id),
      role: 'customer',
      jti: expect.any(String) as unknown,
      iat: expect.any(Number) as unknown,
      exp: expect.any(Number) as unknown,
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(900);
  });

  test('when a login succeeds, then the refresh cookie is HttpOnly, SameSite=Strict, scoped to /api/v1/auth and stored only as a hash', async () => {
    const user = await userWithPassword();

    const response = await auth.invoke({
      method: 'POST',
      path: PATH,
      body: { email: user.email, password: PASSWORD },
    });

    const [cookie] = response.cookies;
    expect(cookie).toMatch(/^refresh_token=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/api\/v1\/auth(;|$)/);
    expect(cookie).toMatch(/; Expires=/);
    expect(cookie).not.toMatch(/; Secure/); // this test config says local http (COOKIE_SECURE=false)
    const token = refreshCookieOf(response) ?? '';
    const stored = await auth.db.models.RefreshToken.findAll({ where: { userId: user.id } });
    expect(stored.map((row) => row.tokenHash)).toEqual([
      createHash('sha256').update(token).digest('hex'),
    ]);
  });

  test('when cookies are configured secure, then the refresh cookie is Secure', async () => {
    const secure = await startAuthFunction({ env: { COOKIE_SECURE: 'true' }, db: auth.db });
    try {
      const user = await createUser(secure.db, { passwordHash });

      const response = await secure.invoke({
        method: 'POST',
        path: PATH,
        body: { email: user.email, password: PASSWORD },
      });

      expect(response.cookies[0]).toMatch(/; Secure/);
    } finally {
      await secure.close();
    }
  });

  test('when the email differs only in case and spaces, then the login still succeeds', async () => {
    const user = await userWithPassword();

    const response = await auth.invoke({
      method: 'POST',
      path: PATH,
      body: { email: `  ${user.email.toUpperCase()} `, password: PASSWORD },
    });

    expect(response.statusCode).toBe(200);
  });

  test('when the email is unknown or the password is wrong, then both get the same 401 answer and no session', async () => {
    const user = await userWithPassword();
    const tokensBefore = await auth.db.models.RefreshToken.count();

    const wrongPassword = await auth.invoke({
      method: 'POST',
      path: PATH,
      body: { email: user.email, password: 'not the password' },
    });
    const unknownEmail = await auth.invoke({
      method: 'POST',
      path: PATH,
      body: { email: `${unique('nobody')}@example.test`, password: PASSWORD },
    });

    expectProblem(wrongPassword, 401, 'unauthorized');
    expect(unknownEmail.statusCode).toBe(wrongPassword.statusCode);
    expect(unknownEmail.json).toEqual(wrongPassword.json);
    expect(unknownEmail.headers['www-authenticate']).toBe(
      wrongPassword.headers['www-authenticate'],
    );
    expect([wrongPassword.cookies, unknownEmail.cookies]).toEqual([[], []]);
    expect(await auth.db.models.RefreshToken.count()).toBe(tokensBefore);
  });

  test("when the stored hash uses older scrypt parameters, then a successful login replaces it with one at today's", async () => {
    const { scryptSync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const key = scryptSync(PASSWORD, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const legacyHash = [
      'scrypt',
      14,
      8,
      1,
      salt.toString('base64url'),
      key.toString('base64url'),
    ].join('$');
    const user = await createUser(auth.db, { passwordHash: legacyHash });

    const response = await auth.invoke({
      method: 'POST',
      path: PATH,
      body: { email: user.email, password: PASSWORD },
    });

    expect(response.statusCode).toBe(200);
    const stored = await auth.db.models.User.findByPk(user.id);
    expect(stored?.passwordHash).toMatch(/^scrypt\$17\$8\$1\$/);
  });

  const invalidBodies: Array<[string, unknown, string[]]> = [
    ['fields are missing', {}, ['email', 'password']],
    [
      'an unknown field is sent',
      { email: 'a@example.test', password: PASSWORD, remember: true },
      ['remember'],
    ],
    ['fields have the wrong types', { email: 42, password: { $ne: '' } }, ['email', 'password']],
    ['the email is not an email', { email: 'admin', password: PASSWORD }, ['email']],
    [
      'the email is absurdly long',
      { email: `${'a'.repeat(5000)}@example.test`, password: PASSWORD },
      ['email'],
    ],
    ['the password is empty', { email: 'a@example.test', password: '' }, ['password']],
    [
      'the password is absurdly long',
      { email: 'a@example.test', password: 'p'.repeat(5000) },
      ['password'],
    ],
  ];

  test.each(invalidBodies)(
    'when %s, then it is a 400 and nothing is written, not even a throttle count',
    async (_case, body, paths) => {
      const before = await rowCounts(auth.db);

      const response = await auth.invoke({ method: 'POST', path: PATH, body });

      expectProblem(response, 400, 'invalid-input');
      expect(invalidPaths(response)).toEqual(paths);
      expect(await rowCounts(auth.db)).toEqual(before);
    },
  );
});
