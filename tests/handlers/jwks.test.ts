import { hashPassword } from '../../shared/auth/password-hashing';
import { createTokenVerifier } from '../../shared/auth/token-verifier';
import { createUser } from '../support/factories';
import { startAuthFunction, type AuthFunction } from './auth-function';
import { expectProblem } from './problem-assertions';

const PATH = '/.well-known/jwks.json';

describe('GET /.well-known/jwks.json', () => {
  let auth: AuthFunction;

  beforeAll(async () => {
    auth = await startAuthFunction();
  });
  afterAll(() => auth.close());

  test('when asked, then it publishes the Ed25519 public key with its key id, and no private part', async () => {
    const response = await auth.invoke({ path: PATH });

    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({
      keys: [
        {
          kty: 'OKP',
          crv: 'Ed25519',
          x: expect.any(String) as unknown,
          kid: auth.signingKey.keyId,
          alg: 'EdDSA',
          use: 'sig',
        },
      ],
    });
    expect(response.headers['cache-control']).toMatch(/^public, max-age=\d+/);
  });

  test('when a verifier is given only the published keys, then it accepts the access tokens of a login', async () => {
    const password = 'jwks round trip password';
    const user = await createUser(auth.db, { passwordHash: await hashPassword(password) });
    const jwks = (await auth.invoke({ path: PATH })).json as { keys: [] };
    const login = await auth.invoke({
      method: 'POST',
      path: '/api/v1/auth/login',
      body: { email: user.email, password },
    });
    const verifier = createTokenVerifier({
      issuer: 'bookstore',
      audience: 'bookstore-api',
      keySource: { jwks },
      maxTokenAgeSeconds: 900,
    });

    const principal = await verifier.verify(login.json.accessToken as string);

    expect(principal).toEqual({
      userId: user.id,
      role: 'customer',
      tokenId: expect.any(String) as unknown,
    });
  });

  test('when a query parameter is sent, then it is a 400', async () => {
    const response = await auth.invoke({ path: `${PATH}?kid=x` });

    expectProblem(response, 400, 'invalid-input');
  });
});
