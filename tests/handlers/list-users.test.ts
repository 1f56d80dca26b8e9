import { createUser, type UserFixture } from '../support/factories';
import { startAuthFunction, type AuthFunction } from './auth-function';
import { expectProblem, invalidPaths } from './problem-assertions';

const PATH = '/api/v1/users';

describe('GET /api/v1/users', () => {
  let auth: AuthFunction;
  let admin: UserFixture;
  let adminBearer: string;

  beforeAll(async () => {
    auth = await startAuthFunction();
    admin = await createUser(auth.db, { role: 'admin', name: 'Admin' });
    adminBearer = await auth.bearerFor(admin);
  });
  afterAll(() => auth.close());

  const list = (query: Record<string, string> = {}, authorization = adminBearer) =>
    auth.invoke({ path: PATH, query, headers: { authorization } });

  /** Follows nextCursor from the first page to the last and returns every user seen. */
  async function walkAllPages(limit: string): Promise<Array<Record<string, unknown>>> {
    const seen: Array<Record<string, unknown>> = [];
    let cursor: string | null = null;
    do {
      const response = await list(cursor ? { limit, cursor } : { limit });
      expect(response.statusCode).toBe(200);
      seen.push(...(response.json.items as Array<Record<string, unknown>>));
      cursor = response.json.nextCursor as string | null;
    } while (cursor);
    return seen;
  }

  test('when an administrator asks, then users come in id order with public fields only', async () => {
    const created = [await createUser(auth.db), await createUser(auth.db)];

    const response = await list({ limit: '100' });

    expect(response.statusCode).toBe(200);
    const items = response.json.items as Array<Record<string, unknown>>;
    for (const item of items)
      expect(Object.keys(item).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'role']);
    const ids = items.map((item) => item.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(response.body).not.toMatch(/scrypt|passwordHash|password_hash/);
    if (!response.json.nextCursor)
      expect(ids).toEqual(expect.arrayContaining(created.map((user) => user.id)));
  });

  test('when the pages are followed with a cursor, then every user appears exactly once', async () => {
    const created = [
      await createUser(auth.db),
      await createUser(auth.db),
      await createUser(auth.db),
    ];

    const seen = await walkAllPages('2');

    const ids = seen.map((user) => user.id as number);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids).toEqual(expect.arrayContaining([admin.id, ...created.map((user) => user.id)]));
  });

  test('when no limit is given, then a page has at most 20 users', async () => {
    for (let index = 0; index < 21; index += 1) await createUser(auth.db);

    const response = await list();

    expect(response.json.items).toHaveLength(20);
    expect(response.json.nextCursor).toEqual(expect.any(String));
  });

  test('when a customer asks, then it is a 403 without any user in the answer', async () => {
    const customer = await createUser(auth.db);

    const response = await list({}, await auth.bearerFor(customer));

    expectProblem(response, 403, 'forbidden');
    expect(response.body).not.toContain(admin.email);
  });

  test('when an administrator is demoted, then their unexpired token gets a 403 (the role is read from the database)', async () => {
    const former = await createUser(auth.db, { role: 'admin' });
    const bearer = await auth.bearerFor(former);
    expect((await list({}, bearer)).statusCode).toBe(200);
    await auth.db.models.User.update({ role: 'customer' }, { where: { id: former.id } });

    const response = await list({}, bearer);

    expectProblem(response, 403, 'forbidden');
  });

  test('when the account of a valid token was deleted, then it is a 401 on every bearer route', async () => {
    const gone = await createUser(auth.db, { role: 'admin' });
    const bearer = await auth.bearerFor(gone);
    await auth.db.models.User.destroy({ where: { id: gone.id } });

    const users = await list({}, bearer);
    const me = await auth.invoke({ path: '/api/v1/auth/me', headers: { authorization: bearer } });

    expectProblem(users, 401, 'unauthorized');
    expectProblem(me, 401, 'unauthorized');
  });

  test('when nobody is signed in, then it is a 401', async () => {
    const response = await auth.invoke({ path: PATH });

    expectProblem(response, 401, 'unauthorized');
  });

  test.each([
    ['limit is 0', { limit: '0' }, ['limit']],
    ['limit is 101', { limit: '101' }, ['limit']],
    ['limit is not a number', { limit: 'ten' }, ['limit']],
    ['limit is a fraction', { limit: '1.5' }, ['limit']],
    ['limit is negative', { limit: '-1' }, ['limit']],
    ['an unknown parameter is sent', { role: 'admin' }, ['role']],
    ['the cursor is not base64url JSON', { cursor: '%%%not-a-cursor' }, ['cursor']],
    [
      'the cursor is JSON of the wrong shape',
      { cursor: Buffer.from('{"afterId":"1 OR 1=1"}').toString('base64url') },
      ['cursor'],
    ],
    [
      'the cursor has extra fields',
      { cursor: Buffer.from('{"afterId":1,"role":"admin"}').toString('base64url') },
      ['cursor'],
    ],
  ])('when %s, then it is a 400 naming the parameter', async (_case, query, paths) => {
    const response = await list(query);

    expectProblem(response, 400, 'invalid-input');
    expect(invalidPaths(response)).toEqual(paths);
  });

  test('when a parameter is repeated, then it is a 400', async () => {
    const response = await auth.invoke({
      path: `${PATH}?limit=5&limit=6`,
      headers: { authorization: adminBearer },
    });

    expectProblem(response, 400, 'invalid-input');
  });
});
