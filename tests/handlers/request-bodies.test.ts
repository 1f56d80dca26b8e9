import { startAuthFunction, type AuthFunction } from './auth-function';
import { expectProblem } from './problem-assertions';
import { rowCounts } from './row-counts';

// The body rules hold for every POST of the auth function; register and login stand for them here.
describe('request bodies of the auth function', () => {
  let auth: AuthFunction;

  beforeAll(async () => {
    auth = await startAuthFunction();
  });
  afterAll(() => auth.close());

  const account = {
    name: 'Body Tester',
    email: 'body-tester@example.test',
    password: 'long enough password',
  };

  test.each(['/api/v1/auth/register', '/api/v1/auth/login'])(
    'when %s gets malformed JSON, then it is a 400 malformed-json and nothing is written',
    async (path) => {
      const before = await rowCounts(auth.db);

      const response = await auth.invoke({
        method: 'POST',
        path,
        body: '{"email": "a@b.co", "password": ',
        headers: { 'content-type': 'application/json' },
      });

      expectProblem(response, 400, 'malformed-json');
      expect(await rowCounts(auth.db)).toEqual(before);
    },
  );

  test.each([
    [
      'a form',
      'application/x-www-form-urlencoded',
      'name=Body&email=body%40example.test&password=long+enough+password',
    ],
    ['plain text that looks like JSON', 'text/plain', JSON.stringify(account)],
    ['XML', 'application/xml', '<user><name>Body</name></user>'],
  ])(
    'when the body is %s, then it is a 415 and nothing is written',
    async (_case, contentType, body) => {
      const before = await rowCounts(auth.db);

      const response = await auth.invoke({
        method: 'POST',
        path: '/api/v1/auth/register',
        body,
        headers: { 'content-type': contentType },
      });

      expectProblem(response, 415, 'unsupported-media-type');
      expect(await rowCounts(auth.db)).toEqual(before);
    },
  );

  test('when the body is larger than 64 KB, then it is a 413 and nothing is written', async () => {
    const before = await rowCounts(auth.db);

    const response = await auth.invoke({
      method: 'POST',
      path: '/api/v1/auth/register',
      body: { ...account, name: 'n'.repeat(70 * 1024) },
    });

    expectProblem(response, 413, 'payload-too-large');
    expect(await rowCounts(auth.db)).toEqual(before);
  });

  test('when the problem is sent, then it carries no stack trace or internal detail', async () => {
    const response = await auth.invoke({
      method: 'POST',
      path: '/api/v1/auth/login',
      body: '{oops',
      headers: { 'content-type': 'application/json' },
    });

    expect(Object.keys(response.json as object).sort()).toEqual([
      'detail',
      'instance',
      'status',
      'title',
      'type',
    ]);
    expect(response.body).not.toMatch(/at \w+ \(|SyntaxError|node_modules/);
  });
});
