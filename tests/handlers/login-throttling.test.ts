import { hashPassword } from '../../shared/auth/password-hashing';
import { createUser, unique, type UserFixture } from '../support/factories';
import { startAuthFunction, type AuthFunction } from './auth-function';
import { expectProblem } from './problem-assertions';

const PATH = '/api/v1/auth/login';
const PASSWORD = 'correct horse battery staple';
const ACCOUNT_LIMIT = 3;
const CLIENT_LIMIT = 5;
const WINDOW_SECONDS = 600;

describe('throttling of failed logins', () => {
  let auth: AuthFunction;
  let passwordHash: string;

  beforeAll(async () => {
    auth = await startAuthFunction({
      env: {
        LOGIN_THROTTLE_MAX_ACCOUNT_FAILURES: String(ACCOUNT_LIMIT),
        LOGIN_THROTTLE_MAX_CLIENT_FAILURES: String(CLIENT_LIMIT),
        LOGIN_THROTTLE_WINDOW_SECONDS: String(WINDOW_SECONDS),
      },
    });
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(() => auth.close());

  /** Each test logs in from its own address, so the per-client counter is its own too. */
  const newClientIp = (() => {
    let next = 1;
    return () => `203.0.113.${next++}`;
  })();

  const login = (email: string, password: string, sourceIp: string) =>
    auth.invoke({ method: 'POST', path: PATH, body: { email, password }, sourceIp });

  const userWithPassword = (): Promise<UserFixture> => createUser(auth.db, { passwordHash });

  test('when an account has had too many failed logins from one address, then further attempts from there get a 429 with Retry-After, even with the right password', async () => {
    const user = await userWithPassword();
    const ip = newClientIp();
    const windowStarted = Date.now();
    for (let attempt = 0; attempt < ACCOUNT_LIMIT; attempt += 1) {
      expect((await login(user.email, 'wrong password', ip)).statusCode).toBe(401);
    }

    const locked = await login(user.email, PASSWORD, ip);

    expectProblem(locked, 429, 'too-many-login-attempts');
    // What is left of the window: all of it but the time the attempts took on this machine.
    const elapsedSeconds = Math.ceil((Date.now() - windowStarted) / 1000);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(
      WINDOW_SECONDS - elapsedSeconds - 1,
    );
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(locked.cookies).toEqual([]);
  });

  test('when one address floods an account with wrong passwords, then the right password from another address still signs in', async () => {
    const user = await userWithPassword();
    const attacker = newClientIp();
    const flood = [];
    for (let attempt = 0; attempt < CLIENT_LIMIT + 2; attempt += 1)
      flood.push((await login(user.email, 'wrong password', attacker)).statusCode);

    const owner = await login(user.email, PASSWORD, newClientIp());

    expect(flood).toContain(429);
    expect(owner.statusCode).toBe(200);
  });

  test('when failures against an account come from many addresses, then the owner at yet another address signs in', async () => {
    const user = await userWithPassword();
    for (let attempt = 0; attempt < ACCOUNT_LIMIT + 1; attempt += 1)
      expect((await login(user.email, 'wrong password', newClientIp())).statusCode).toBe(401);

    const owner = await login(user.email, PASSWORD, newClientIp());

    expect(owner.statusCode).toBe(200);
  });

  test('when an account is locked at one address, then the right password there is refused but works from another', async () => {
    const user = await userWithPassword();
    const ip = newClientIp();
    for (let attempt = 0; attempt < ACCOUNT_LIMIT; attempt += 1)
      await login(user.email, 'wrong password', ip);

    const sameAddress = await login(user.email, PASSWORD, ip);
    const otherAddress = await login(user.email, PASSWORD, newClientIp());

    expectProblem(sameAddress, 429, 'too-many-login-attempts');
    expect(otherAddress.statusCode).toBe(200);
  });

  test('when the lock has run out, then the right password works again', async () => {
    const user = await userWithPassword();
    const ip = newClientIp();
    for (let attempt = 0; attempt < ACCOUNT_LIMIT; attempt += 1)
      await login(user.email, 'wrong password', ip);
    expect((await login(user.email, PASSWORD, ip)).statusCode).toBe(429);

    auth.clock.advanceSeconds(WINDOW_SECONDS + 1);
    const afterLock = await login(user.email, PASSWORD, ip);

    expect(afterLock.statusCode).toBe(200);
  });

  test("when a login succeeds, then the account's earlier failures are forgotten", async () => {
    const user = await userWithPassword();
    const ip = newClientIp();
    for (let attempt = 0; attempt < ACCOUNT_LIMIT - 1; attempt += 1)
      await login(user.email, 'wrong password', ip);
    expect((await login(user.email, PASSWORD, ip)).statusCode).toBe(200);

    const again = [];
    for (let attempt = 0; attempt < ACCOUNT_LIMIT - 1; attempt += 1)
      again.push((await login(user.email, 'wrong password', ip)).statusCode);

    expect(again).toEqual(Array(ACCOUNT_LIMIT - 1).fill(401));
  });

  test('when one address fails against many accounts, then it is throttled, and other addresses are not', async () => {
    const ip = newClientIp();
    for (let attempt = 0; attempt < CLIENT_LIMIT; attempt += 1) {
      expect((await login(`${unique('spray')}@example.test`, 'guess', ip)).statusCode).toBe(401);
    }
    const user = await userWithPassword();

    const sameAddress = await login(user.email, PASSWORD, ip);
    const otherAddress = await login(user.email, PASSWORD, newClientIp());

    expectProblem(sameAddress, 429, 'too-many-login-attempts');
    expect(otherAddress.statusCode).toBe(200);
  });

  test("when the email is unknown, then its failures are throttled like a real account's", async () => {
    const email = `${unique('ghost')}@example.test`;
    const ip = newClientIp();
    for (let attempt = 0; attempt < ACCOUNT_LIMIT; attempt += 1) await login(email, 'guess', ip);

    const response = await login(email, 'guess', ip);

    expectProblem(response, 429, 'too-many-login-attempts');
  });

  test('when many wrong attempts arrive at once, then exactly the allowed number is checked and the rest get 429', async () => {
    const user = await userWithPassword();
    const ip = newClientIp();

    const answers = await Promise.all(
      Array.from({ length: 8 }, () => login(user.email, 'wrong password', ip)),
    );

    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses).toEqual([
      ...Array(ACCOUNT_LIMIT).fill(401),
      ...Array(8 - ACCOUNT_LIMIT).fill(429),
    ]);
  });

  test('when the throttle state is stored, then it holds neither the email nor the address', async () => {
    const user = await userWithPassword();
    const ip = newClientIp();
    await login(user.email, 'wrong password', ip);

    const keys = (await auth.db.models.LoginThrottle.findAll()).map((row) => row.throttleKey);

    expect(keys.some((key) => key.includes(user.email) || key.includes(ip))).toBe(false);
    // On MariaDB the table is shared with other files (registration throttles too): every key of
    // every kind is a name and a SHA-256.
    expect(keys.every((key) => /^[a-z-]+:[0-9a-f]{64}$/.test(key))).toBe(true);
  });
});
