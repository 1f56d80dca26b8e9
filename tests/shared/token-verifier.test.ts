import { SignJWT, UnsecuredJWT, generateKeyPair } from 'jose';
import { createTestKeys, type TestKeys } from '../support/access-tokens';
import { testConfig } from '../support/test-config';

describe('access token verification', () => {
  const { issuer, audience } = testConfig().jwt;
  let keys: TestKeys;

  beforeAll(async () => {
    keys = await createTestKeys();
  });

  /** A token like the signer's, with one thing changed by the test. */
  const token = (change: (jwt: SignJWT) => SignJWT = (jwt) => jwt) =>
    change(
      new SignJWT({ role: 'customer' })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'test-key' })
        .setSubject('7')
        .setJti('jti-1')
        .setIssuedAt()
        .setIssuer(issuer)
        .setAudience(audience)
        .setExpirationTime('5m'),
    );

  test('when a token is signed by the auth key, then its subject and role are the principal', async () => {
    const { accessToken } = await keys.signer.sign({ userId: 7, role: 'admin' });

    const principal = await keys.verifier.verify(accessToken);

    expect(principal).toEqual({ userId: 7, role: 'admin', tokenId: expect.any(String) });
  });

  test('when a hand-made token has every claim right, then it is accepted', async () => {
    const valid = await token().sign(keys.privateKey);

    await expect(keys.verifier.verify(valid)).resolves.toMatchObject({ userId: 7 });
  });

  test('when a token is signed by another key, then it is refused', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });

    await expect(keys.verifier.verify(await token().sign(privateKey))).rejects.toMatchObject({
      status: 401,
    });
  });

  test('when a token expired beyond the clock skew, then it is refused', async () => {
    const expired = await token((jwt) =>
      jwt
        .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60),
    ).sign(keys.privateKey);

    await expect(keys.verifier.verify(expired)).rejects.toMatchObject({ status: 401 });
  });

  describe('maximum token age', () => {
    const lifetime = testConfig().jwt.accessTokenTtlSeconds;
    const nowSeconds = () => Math.floor(Date.now() / 1000);
    const TEN_YEARS = 10 * 365 * 86400;

    test('when a properly signed token is meant to live ten years, then it is refused', async () => {
      const decade = await token((jwt) =>
        jwt.setIssuedAt(nowSeconds()).setExpirationTime(nowSeconds() + TEN_YEARS),
      ).sign(keys.privateKey);

      await expect(keys.verifier.verify(decade)).rejects.toMatchObject({ status: 401 });
    });

    test('when a token was issued longer ago than the access token lifetime, then it is refused although its exp is ahead', async () => {
      const old = await token((jwt) =>
        jwt.setIssuedAt(nowSeconds() - lifetime - 120).setExpirationTime(nowSeconds() + 60),
      ).sign(keys.privateKey);

      await expect(keys.verifier.verify(old)).rejects.toMatchObject({ status: 401 });
    });

    test('when a token says it was issued a year from now, then it is refused', async () => {
      const future = nowSeconds() + 365 * 86400;
      const early = await token((jwt) =>
        jwt.setIssuedAt(future).setExpirationTime(future + 300),
      ).sign(keys.privateKey);

      await expect(keys.verifier.verify(early)).rejects.toMatchObject({ status: 401 });
    });

    test("when a token's iat is a few seconds ahead (clock skew within the tolerance), then it is accepted", async () => {
      const skewed = await token((jwt) =>
        jwt.setIssuedAt(nowSeconds() + 5).setExpirationTime(nowSeconds() + 300),
      ).sign(keys.privateKey);

      await expect(keys.verifier.verify(skewed)).resolves.toMatchObject({ userId: 7 });
    });
  });

  test('when a token is for another audience, then it is refused', async () => {
    const other = await token((jwt) => jwt.setAudience('another-api')).sign(keys.privateKey);

    await expect(keys.verifier.verify(other)).rejects.toMatchObject({ status: 401 });
  });

  test('when a token is from another issuer, then it is refused', async () => {
    const other = await token((jwt) => jwt.setIssuer('someone-else')).sign(keys.privateKey);

    await expect(keys.verifier.verify(other)).rejects.toMatchObject({ status: 401 });
  });

  test('when a token has no expiry, then it is refused', async () => {
    const endless = await new SignJWT({ role: 'customer' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('7')
      .setJti('jti-2')
      .setIssuedAt()
      .setIssuer(issuer)
      .setAudience(audience)
      .sign(keys.privateKey);

    await expect(keys.verifier.verify(endless)).rejects.toMatchObject({ status: 401 });
  });

  test('when a token claims an unknown role, then it is refused', async () => {
    const odd = await new SignJWT({ role: 'superuser' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('7')
      .setJti('jti-3')
      .setIssuedAt()
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('5m')
      .sign(keys.privateKey);

    await expect(keys.verifier.verify(odd)).rejects.toMatchObject({ status: 401 });
  });

  test('when a token is unsigned (alg none), then it is refused', async () => {
    const unsigned = new UnsecuredJWT({ role: 'admin' })
      .setSubject('1')
      .setJti('x')
      .setIssuedAt()
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('5m')
      .encode();

    await expect(keys.verifier.verify(unsigned)).rejects.toMatchObject({ status: 401 });
  });
});
