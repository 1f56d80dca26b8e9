import { createHmac, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { createUser, type UserFixture } from '../support/factories';
import { startAuthFunction, type AuthFunction } from './auth-function';
import { expectProblem } from './problem-assertions';

// Every bearer route verifies tokens the same way; /auth/me and /users stand for them here.
describe('access token verification on bearer routes', () => {
  let auth: AuthFunction;
  let admin: UserFixture;

  beforeAll(async () => {
    auth = await startAuthFunction();
    admin = await createUser(auth.db, { role: 'admin' });
  });
  afterAll(() => auth.close());

  const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  /** A token with the real key and the given changes to the claims the auth function would sign. */
  const signed = (
    changes: {
      audience?: string;
      issuer?: string;
      expiresAt?: number;
      withoutExpiry?: boolean;
    } = {},
  ) => {
    let jwt = new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'EdDSA', kid: auth.signingKey.keyId, typ: 'JWT' })
      .setIssuer(changes.issuer ?? 'bookstore')
      .setAudience(changes.audience ?? 'bookstore-api')
      .setSubject(String(admin.id))
      .setJti('test-token')
      .setIssuedAt(nowSeconds() - 300);
    if (!changes.withoutExpiry)
      jwt = jwt.setExpirationTime(changes.expiresAt ?? nowSeconds() + 600);
    return jwt.sign(auth.signingKey.privateKey);
  };

  const claims = () => ({
    iss: 'bookstore',
    aud: 'bookstore-api',
    sub: String(admin.id),
    role: 'admin',
    jti: 'x',
    iat: nowSeconds(),
    exp: nowSeconds() + 600,
  });

  const attacks: Array<[string, () => Promise<string>]> = [
    [
      'signed with another key under the real key id (forged)',
      () =>
        new SignJWT({ role: 'admin' })
          .setProtectedHeader({ alg: 'EdDSA', kid: auth.signingKey.keyId })
          .setIssuer('bookstore')
          .setAudience('bookstore-api')
          .setSubject(String(admin.id))
          .setJti('forged')
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(generateKeyPairSync('ed25519').privateKey),
    ],
    ['expired beyond the clock tolerance', () => signed({ expiresAt: nowSeconds() - 120 })],
    ['meant for another audience', () => signed({ audience: 'some-other-api' })],
    ['from another issuer', () => signed({ issuer: 'evil-issuer' })],
    ['without an expiry', () => signed({ withoutExpiry: true })],
    [
      'unsigned with alg none',
      () => Promise.resolve(`${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims())}.`),
    ],
    [
      'HMAC-signed with the public key as the secret (algorithm confusion)',
      () => {
        const head = `${base64url({ alg: 'HS256', typ: 'JWT', kid: auth.signingKey.keyId })}.${base64url(claims())}`;
        const secret = createPublicKey(auth.signingKey.privateKey).export({
          type: 'spki',
          format: 'pem',
        });
        return Promise.resolve(
          `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`,
        );
      },
    ],
    ['not a JWT at all', () => Promise.resolve('not.a.jwt')],
  ];

  test.each(attacks)('when the token is %s, then /auth/me is a 401', async (_case, makeToken) => {
    const response = await auth.invoke({
      path: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${await makeToken()}` },
    });

    expectProblem(response, 401, 'unauthorized');
  });

  test.each(attacks)(
    'when the token is %s, then the admin user list is a 401',
    async (_case, makeToken) => {
      const response = await auth.invoke({
        path: '/api/v1/users',
        headers: { authorization: `Bearer ${await makeToken()}` },
      });

      expectProblem(response, 401, 'unauthorized');
      expect(response.body).not.toContain(admin.email);
    },
  );

  test('when the token expired only seconds ago, then the small clock tolerance still accepts it', async () => {
    const token = await signed({ expiresAt: nowSeconds() - 5 });

    const response = await auth.invoke({
      path: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });

    expect(response.statusCode).toBe(200);
  });

  test.each([
    ['a Basic credential', `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['the bare token without the Bearer scheme', 'eyJhbGciOiJFZERTQSJ9.e30.sig'],
    ['an empty bearer', 'Bearer '],
  ])('when the Authorization header holds %s, then it is a 401', async (_case, authorization) => {
    const response = await auth.invoke({ path: '/api/v1/auth/me', headers: { authorization } });

    expectProblem(response, 401, 'unauthorized');
  });
});
