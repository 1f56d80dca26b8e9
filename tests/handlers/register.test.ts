import { verifyPassword } from '../../shared/auth/password-hashing';
import { unique } from '../support/factories';
import { startAuthFunction, type AuthFunction } from './auth-function';
import { expectProblem, invalidPaths } from './problem-assertions';
import { rowCounts } from './row-counts';

const PATH = '/api/v1/auth/register';

describe('POST /api/v1/auth/register', () => {
  let auth: AuthFunction;

  beforeAll(async () => {
    auth = await startAuthFunction();
  });
  afterAll(() => auth.close());

  const newAccount = () => ({
    name: 'Ada Reader',
    email: `${unique('ada')}@example.test`,
    password: 'a long enough secret',
  });

  test('when the input is valid, then the account is created and the user is returned without any password hash', async () => {
    const account = newAccount();

    const response = await auth.invoke({ method: 'POST', path: PATH, body: account });

    expect(response.statusCode).toBe(201);
    expect(response.json).toEqual({
      user: {
        id: expect.any(Number) as unknown,
        name: 'Ada Reader',
        email: account.email,
        role: 'customer',
        createdAt: expect.any(String) as unknown,
      },
    });
    expect(response.body).not.toMatch(/scrypt|password/i);
    const stored = await auth.db.models.User.findByPk(response.json.user.id as number);
    expect(stored?.passwordHash).toMatch(/^scrypt\$17\$8\$1\$[\w-]+\$[\w-]+$/);
    await expect(verifyPassword(account.password, stored?.passwordHash ?? '')).resolves.toBe(true);
  });

  test('when the email has capitals and spaces, then it is stored trimmed and lower-case', async () => {
    const local = unique('MiXeD');
    const response = await auth.invoke({
      method: 'POST',
      path: PATH,
      body: { ...newAccount(), email: `  ${local}@Example.TEST ` },
    });

    expect(response.statusCode).toBe(201);
    expect(response.json.user.email).toBe(`${local.toLowerCase()}@example.test`);
  });

  test('when the email is already registered, even in another case, then it is a 409, no account is written and the attempt counts against the client', async () => {
    const account = newAccount();
    expect((await auth.invoke({ method: 'POST', path: PATH, body: account })).statusCode).toBe(201);
    const before = await rowCounts(auth.db);

    const response = await auth.invoke({
      method: 'POST',
      path: PATH,
      body: { ...account, email: account.email.toUpperCase(), name: 'Someone Else' },
    });

    expectProblem(response, 409, 'email-taken');
    expect(response.json.errors).toEqual([{ path: 'email', message: expect.any(String) }]);
    // A taken email answers differently from a new one, so it costs an attempt like any other.
    expect(await rowCounts(auth.db)).toEqual({
      ...before,
      throttleFailures: (before.throttleFailures ?? 0) + 1,
    });
  });

  const tooLong = 'x'.repeat(10_000);
  const invalidBodies: Array<[string, object, string[]]> = [
    ['fields are missing', {}, ['email', 'name', 'password']],
    ['an unknown field is sent (mass assignment)', { ...newAccount(), role: 'admin' }, ['role']],
    [
      'fields have the wrong types',
      { name: 5, email: ['a@b.co'], password: true },
      ['email', 'name', 'password'],
    ],
    ['the name is absurdly long', { ...newAccount(), name: tooLong }, ['name']],
    ['the name is blank', { ...newAccount(), name: '   ' }, ['name']],
    [
      'the email is absurdly long',
      { ...newAccount(), email: `${tooLong}@example.test` },
      ['email'],
    ],
    ['the email is not an email', { ...newAccount(), email: 'not-an-email' }, ['email']],
    [
      'the password is shorter than 8 characters',
      { ...newAccount(), password: 'short' },
      ['password'],
    ],
    [
      'the password is longer than 128 characters',
      { ...newAccount(), password: 'p'.repeat(129) },
      ['password'],
    ],
    ['the body is an array', [newAccount()], ['(body)']],
  ];

  test.each(invalidBodies)(
    'when %s, then it is a 400 naming the fields and nothing is written',
    async (_case, body, paths) => {
      const before = await rowCounts(auth.db);

      const response = await auth.invoke({
        method: 'POST',
        path: PATH,
        body,
      });

      expectProblem(response, 400, 'invalid-input');
      expect(invalidPaths(response)).toEqual(paths);
      expect(await rowCounts(auth.db)).toEqual(before);
    },
  );

  test('when the body is JSON but not an object or array, then it is a 400 and nothing is written', async () => {
    const before = await rowCounts(auth.db);

    const response = await auth.invoke({
      method: 'POST',
      path: PATH,
      body: '"just text"',
      headers: { 'content-type': 'application/json' },
    });

    expectProblem(response, 400, 'malformed-json');
    expect(await rowCounts(auth.db)).toEqual(before);
  });

  test('when there is no body at all, then it is a 400 and nothing is written', async () => {
    const before = await rowCounts(auth.db);

    const response = await auth.invoke({ method: 'POST', path: PATH });

    expectProblem(response, 400, 'invalid-input');
    expect(await rowCounts(auth.db)).toEqual(before);
  });

  describe('throttled per client address', () => {
    const LIMIT = 3;
    const WINDOW_SECONDS = 3600;
    let throttled: AuthFunction;

    beforeAll(async () => {
      throttled = await startAuthFunction({
        env: {
          REGISTRATION_THROTTLE_MAX_PER_CLIENT: String(LIMIT),
          REGISTRATION_THROTTLE_WINDOW_SECONDS: String(WINDOW_SECONDS),
        },
      });
    });
    afterAll(() => throttled.close());

    const register = (sourceIp: string) =>
      throttled.invoke({ method: 'POST', path: PATH, body: newAccount(), sourceIp });

    test('when one address has created its allowance, then the next registration is a 429 with Retry-After and writes no account; other addresses still can; after the window it can again', async () => {
      const windowStarted = Date.now();
      for (let created = 0; created < LIMIT; created += 1)
        expect((await register('203.0.113.50')).statusCode).toBe(201);
      const usersBefore = await throttled.db.models.User.count();

      const refused = await register('203.0.113.50');
      const elsewhere = await register('203.0.113.51');

      expectProblem(refused, 429, 'too-many-registrations');
      // What is left of the window: all of it but the time the registrations took on this machine.
      const elapsedSeconds = Math.ceil((Date.now() - windowStarted) / 1000);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(
        WINDOW_SECONDS - elapsedSeconds - 1,
      );
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(WINDOW_SECONDS);
      expect(await throttled.db.models.User.count()).toBe(usersBefore + 1);
      expect(elsewhere.statusCode).toBe(201);

      throttled.clock.advanceSeconds(WINDOW_SECONDS + 1);
      expect((await register('203.0.113.50')).statusCode).toBe(201);
    });

    test('when the body is invalid, then it does not count against the address', async () => {
      for (let attempt = 0; attempt < LIMIT + 2; attempt += 1) {
        const response = await throttled.invoke({
          method: 'POST',
          path: PATH,
          body: { name: 'No Email' },
          sourceIp: '203.0.113.60',
        });
        expect(response.statusCode).toBe(400);
      }

      expect((await register('203.0.113.60')).statusCode).toBe(201);
    });
  });
});
