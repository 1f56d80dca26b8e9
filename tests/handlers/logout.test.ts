import { createUser } from '../support/factories';
import { startAuthFunction, type AuthFunction } from './auth-function';
import { expectProblem } from './problem-assertions';
import { rowCounts } from './row-counts';
import { createSession, familyTokens } from './session-factory';

const PATH = '/api/v1/auth/logout';

describe('POST /api/v1/auth/logout', () => {
  let auth: AuthFunction;

  beforeAll(async () => {
    auth = await startAuthFunction();
  });
  afterAll(() => auth.close());

  const logout = (refreshToken?: string, body?: unknown) =>
    auth.invoke({
      method: 'POST',
      path: PATH,
      cookies: refreshToken ? [`refresh_token=${refreshToken}`] : undefined,
      body,
    });

  test('when the refresh cookie is sent, then it answers 204, clears the cookie and revokes the session', async () => {
    const user = await createUser(auth.db);
    const session = await createSession(auth.db, user.id);

    const response = await logout(session.refreshToken);

    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(response.cookies).toEqual([
      expect.stringMatching(
        /^refresh_token=; Path=\/api\/v1\/auth; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/,
      ),
    ]);
    expect(await familyTokens(auth.db, session.familyId)).toEqual([
      expect.objectContaining({ revokedAt: expect.any(Date) as unknown }),
    ]);
  });

  test('when a session was logged out, then its refresh token no longer works', async () => {
    const user = await createUser(auth.db);
    const session = await createSession(auth.db, user.id);
    await logout(session.refreshToken);

    const response = await auth.invoke({
      method: 'POST',
      path: '/api/v1/auth/refresh',
      cookies: [`refresh_token=${session.refreshToken}`],
    });

    expectProblem(response, 401, 'unauthorized');
  });

  test("when one session logs out, then the user's other sessions stay valid", async () => {
    const user = await createUser(auth.db);
    const phone = await createSession(auth.db, user.id);
    const laptop = await createSession(auth.db, user.id);

    await logout(phone.refreshToken);

    expect(await familyTokens(auth.db, laptop.familyId)).toEqual([
      expect.objectContaining({ revokedAt: null }),
    ]);
  });

  test.each([
    ['no cookie', undefined],
    ['a cookie that is not a token', 'garbage'],
    ['a token nobody issued', 'B'.repeat(43)],
  ])(
    'when it sends %s, then it still answers 204 and nothing is written',
    async (_case, cookie) => {
      const before = await rowCounts(auth.db);

      const response = await logout(cookie);

      expect(response.statusCode).toBe(204);
      expect(await rowCounts(auth.db)).toEqual(before);
    },
  );

  test('when a body with fields is sent, then it is a 400 and the session is not revoked', async () => {
    const user = await createUser(auth.db);
    const session = await createSession(auth.db, user.id);

    const response = await logout(session.refreshToken, { everywhere: true });

    expectProblem(response, 400, 'invalid-input');
    expect(await familyTokens(auth.db, session.familyId)).toEqual([
      expect.objectContaining({ revokedAt: null }),
    ]);
  });

  test('when the body is not JSON, then it is a 415 and the session is not revoked', async () => {
    const user = await createUser(auth.db);
    const session = await createSession(auth.db, user.id);

    const response = await auth.invoke({
      method: 'POST',
      path: PATH,
      cookies: [`refresh_token=${session.refreshToken}`],
      body: 'logout=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    expectProblem(response, 415, 'unsupported-media-type');
    expect(await familyTokens(auth.db, session.familyId)).toEqual([
      expect.objectContaining({ revokedAt: null }),
    ]);
  });
});
