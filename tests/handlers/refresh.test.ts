import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { hashPassword } from '../../shared/auth/password-hashing';
import { createUser } from '../support/factories';
import { refreshCookieOf, startAuthFunction, type AuthFunction } from './auth-function';
import { expectProblem } from './problem-assertions';
import { rowCounts } from './row-counts';
import { createSession, familyTokens } from './session-factory';

const PATH = '/api/v1/auth/refresh';
const GRACE_SECONDS = 10;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('POST /api/v1/auth/refresh', () => {
  let auth: AuthFunction;

  beforeAll(async () => {
    auth = await startAuthFunction({
      env: { REFRESH_TOKEN_REUSE_GRACE_SECONDS: String(GRACE_SECONDS) },
    });
  });
  afterAll(() => auth.close());

  const refresh = (refreshToken?: string, body?: unknown) =>
    auth.invoke({
      method: 'POST',
      path: PATH,
      cookies: refreshToken ? [`refresh_token=${refreshToken}`] : undefined,
      body,
    });

  test('when the refresh cookie of a login is sent, then it answers with a new access token and rotates the cookie', async () => {
    const password = 'a password to log in with';
    const user = await createUser(auth.db, { passwordHash: await hashPassword(password) });
    const login = await auth.invoke({
      method: 'POST',
      path: '/api/v1/auth/login',
      body: { email: user.email, password },
    });
    const first = refreshCookieOf(login) ?? '';

    const response = await refresh(first);

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
    expect(decodeJwt(response.json.accessToken as string).sub).toBe(String(user.id));
    const second = refreshCookieOf(response);
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    expect(response.cookies[0]).toMatch(
      /; HttpOnly; .*SameSite=Strict|; SameSite=Strict.*HttpOnly/,
    );
  });

  test('when a token is rotated, then the old one is marked rotated and the new one joins its family with the same expiry', async () => {
    const user = await createUser(auth.db);
    const expiresAt = new Date(Date.now() + 3_600_000);
    const session = await createSession(auth.db, user.id, { expiresAt });

    const response = await refresh(session.refreshToken);

    const tokens = await familyTokens(auth.db, session.familyId);
    expect(tokens).toEqual([
      {
        tokenHash: sha256(session.refreshToken),
        rotatedAt: expect.any(Date) as unknown,
        revokedAt: null,
      },
      { tokenHash: sha256(refreshCookieOf(response) ?? ''), rotatedAt: null, revokedAt: null },
    ]);
    const newest = await auth.db.models.RefreshToken.findOne({
      where: { tokenHash: sha256(refreshCookieOf(response) ?? '') },
    });
    expect(Math.abs((newest?.expiresAt.getTime() ?? 0) - expiresAt.getTime())).toBeLessThan(1000);
  });

  test('when a rotated token is used again after the grace, then it is a 401 and its whole family is revoked, including the newest token', async () => {
    const user = await createUser(auth.db);
    const session = await createSession(auth.db, user.id);
    const rotated = await refresh(session.refreshToken);
    const newest = refreshCookieOf(rotated) ?? '';
    auth.clock.advanceSeconds(GRACE_SECONDS + 1);

    const reuse = await refresh(session.refreshToken);
    const withNewest = await refresh(newest);

    expect(rotated.statusCode).toBe(200);
    expectProblem(reuse, 401, 'unauthorized');
    expectProblem(withNewest, 401, 'unauthorized');
    const tokens = await familyTokens(auth.db, session.familyId);
    expect(tokens.map((token) => token.revokedAt)).toEqual([expect.any(Date), expect.any(Date)]);
  });

  test('when two tabs refresh with the same cookie at once, then both stay signed in with cookies that refresh again', async () => {
    const user = await createUser(auth.db);
    const session = await createSession(auth.db, user.id);

    const answers = await Promise.all([
      refresh(session.refreshToken),
      refresh(session.refreshToken),
    ]);
    const cookies = answers.map((answer) => refreshCookieOf(answer) ?? '');
    const again = await Promise.all(cookies.map((cookie) => refresh(cookie)));

    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200]);
    expect(new Set(cookies).size).toBe(2);
    expect(again.map((answer) => answer.statusCode)).toEqual([200, 200]);
    const tokens = await familyTokens(auth.db, session.familyId);
    expect(tokens.every((token) => token.revokedAt === null)).toBe(true);
  });

  test('when the just-rotated cookie comes back within the grace, then it gets a session in the same family', async () => {
    const user = await createUser(auth.db);
    const session = await createSession(auth.db, user.id);
    await refresh(session.refreshToken);
    auth.clock.advanceSeconds(GRACE_SECONDS - 2);

    const late = await refresh(session.refreshToken);

    expect(late.statusCode).toBe(200);
    expect(decodeJwt(late.json.accessToken as string).sub).toBe(String(user.id));
    const tokens = await familyTokens(auth.db, session.familyId);
    expect(tokens).toHaveLength(3);
    expect(tokens.map((token) => token.tokenHash)).toContain(sha256(refreshCookieOf(late) ?? ''));
  });

  test('when the user has become an administrator, then the refreshed access token carries the new role', async () => {
    const user = await createUser(auth.db);
    const session = await createSession(auth.db, user.id);
    await auth.db.models.User.update({ role: 'admin' }, { where: { id: user.id } });

    const response = await refresh(session.refreshToken);

    expect(decodeJwt(response.json.accessToken as string).role).toBe('admin');
  });

  test('when the refresh token has expired, then it is a 401 and nothing is written', async () => {
    const user = await createUser(auth.db);
    const session = await createSession(auth.db, user.id, {
      expiresAt: new Date(Date.now() - 1000),
    });
    const before = await rowCounts(auth.db);

    const response = await refresh(session.refreshToken);

    expectProblem(response, 401, 'unauthorized');
    expect(await rowCounts(auth.db)).toEqual(before);
    expect(await familyTokens(auth.db, session.familyId)).toEqual([
      expect.objectContaining({ rotatedAt: null, revokedAt: null }),
    ]);
  });

  test.each([
    ['no cookie', undefined],
    ['a cookie that is not a token', 'not-a-token'],
    ['a well-formed token nobody issued', 'A'.repeat(43)],
    ['an absurdly long cookie', 'A'.repeat(4000)],
  ])(
    'when it sends %s, then it is a 401, the cookie is cleared and nothing is written',
    async (_case, cookie) => {
      const before = await rowCounts(auth.db);

      const response = await refresh(cookie);

      expectProblem(response, 401, 'unauthorized');
      expect(response.cookies).toEqual([
        expect.stringMatching(/^refresh_token=; .*Expires=Thu, 01 Jan 1970/),
      ]);
      expect(await rowCounts(auth.db)).toEqual(before);
    },
  );

  test('when a body with fields is sent, then it is a 400 and the token is not rotated', async () => {
    const user = await createUser(auth.db);
    const session = await createSession(auth.db, user.id);

    const response = await refresh(session.refreshToken, { userId: 1 });

    expectProblem(response, 400, 'invalid-input');
    expect(await familyTokens(auth.db, session.familyId)).toEqual([
      expect.objectContaining({ rotatedAt: null }),
    ]);
  });
});
