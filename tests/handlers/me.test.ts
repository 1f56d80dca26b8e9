import { createUser } from '../support/factories';
import { startAuthFunction, type AuthFunction } from './auth-function';
import { expectProblem } from './problem-assertions';

const PATH = '/api/v1/auth/me';

describe('GET /api/v1/auth/me', () => {
  let auth: AuthFunction;

  beforeAll(async () => {
    auth = await startAuthFunction();
  });
  afterAll(() => auth.close());

  test('when a valid access token is sent, then it answers with the signed-in user and no password hash', async () => {
    const user = await createUser(auth.db, { name: 'Grace Buyer' });

    const response = await auth.invoke({
      path: PATH,
      headers: { authorization: await auth.bearerFor(user) },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({
      user: {
        id: user.id,
        name: 'Grace Buyer',
        email: user.email,
        role: 'customer',
        createdAt: expect.any(String) as unknown,
      },
    });
    expect(response.headers['cache-control']).toBe('private, no-store');
  });

  test('when no access token is sent, then it is a 401 asking for a bearer token', async () => {
    const response = await auth.invoke({ path: PATH });

    expectProblem(response, 401, 'unauthorized');
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  test('when the account of a valid token no longer exists, then it is a 401', async () => {
    const user = await createUser(auth.db);
    const authorization = await auth.bearerFor(user);
    await auth.db.models.User.destroy({ where: { id: user.id } });

    const response = await auth.invoke({ path: PATH, headers: { authorization } });

    expectProblem(response, 401, 'unauthorized');
  });

  test('when an unknown query parameter is sent, then it is a 400', async () => {
    const user = await createUser(auth.db);

    const response = await auth.invoke({
      path: `${PATH}?include=passwordHash`,
      headers: { authorization: await auth.bearerFor(user) },
    });

    expectProblem(response, 400, 'invalid-input');
  });
});
