import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { calculateJwkThumbprint } from 'jose';
import { createAccessTokens } from '../../handlers/auth/access-tokens';
import {
  createSigningKeyProvider,
  loadSigningKey,
  publicJwks,
  SigningKeyError,
} from '../../shared/auth/signing-key';
import { createTokenSigner } from '../../shared/auth/token-signer';
import { createSecretReader } from '../../shared/secrets/secret-reader';
import { testConfig } from '../support/test-config';
import { generatePrivateKeyPem } from './auth-function';

const SECRET_ARN =
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:bookstore/jwt-signing-key-AbCdEf';

describe('loading the access-token signing key', () => {
  const secretsManager = mockClient(SecretsManagerClient);

  beforeEach(() => {
    secretsManager.reset();
  });

  const scratchDir = () => mkdtempSync(join(tmpdir(), 'bookstore-key-'));
  const options = (env: NodeJS.ProcessEnv) => {
    const config = testConfig({
      JWT_LOCAL_KEY_FILE: join(scratchDir(), 'jwt-signing-key.json'),
      ...env,
    });
    return {
      jwt: config.jwt,
      env: config.env,
      secrets: createSecretReader({ region: 'us-east-1' }),
    };
  };

  test('when JWT_SIGNING_KEY_SECRET_ARN is set, then the key comes from Secrets Manager, fetched once per container', async () => {
    const pem = generatePrivateKeyPem();
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: pem });
    const provider = createSigningKeyProvider(
      options({ JWT_SIGNING_KEY_SECRET_ARN: SECRET_ARN, JWT_PRIVATE_KEY: generatePrivateKeyPem() }),
    );

    const first = await provider.current();
    const second = await provider.current();

    expect(first.source).toBe('secrets-manager');
    expect(second).toBe(first);
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(secretsManager).toHaveReceivedCommandWith(GetSecretValueCommand, {
      SecretId: SECRET_ARN,
    });
  });

  test('when the secret is a JSON object with a privateKey field, then that key is used', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ privateKey: generatePrivateKeyPem() }) });

    const key = await loadSigningKey(options({ JWT_SIGNING_KEY_SECRET_ARN: SECRET_ARN }));

    expect(key.privateKey.asymmetricKeyType).toBe('ed25519');
  });

  test('when fetching the secret fails, then the next call tries again instead of keeping the failure', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('ThrottlingException'))
      .resolves({ SecretString: generatePrivateKeyPem() });
    const provider = createSigningKeyProvider(options({ JWT_SIGNING_KEY_SECRET_ARN: SECRET_ARN }));

    await expect(provider.current()).rejects.toThrow('ThrottlingException');
    const key = await provider.current();

    expect(key.source).toBe('secrets-manager');
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });

  test('when the secret holds an RSA key, then loading fails naming the setting', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: rsa });

    const loading = loadSigningKey(options({ JWT_SIGNING_KEY_SECRET_ARN: SECRET_ARN }));

    await expect(loading).rejects.toThrow(SigningKeyError);
    await expect(loading).rejects.toThrow(
      /JWT_SIGNING_KEY_SECRET_ARN must be an Ed25519 private key/,
    );
  });

  test('when only JWT_PRIVATE_KEY is set (newlines escaped as in a .env file), then it is used and Secrets Manager is not called', async () => {
    const pem = generatePrivateKeyPem().replace(/\n/g, '\\n');

    const key = await loadSigningKey(options({ JWT_PRIVATE_KEY: pem }));

    expect(key.source).toBe('environment');
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
  });

  test('when JWT_PRIVATE_KEY is not a key, then loading fails naming it', async () => {
    await expect(loadSigningKey(options({ JWT_PRIVATE_KEY: 'not a pem' }))).rejects.toThrow(
      /JWT_PRIVATE_KEY is not a PEM private key/,
    );
  });

  test('when no key is configured outside production, then one is generated into the local key file and reused', async () => {
    const settings = options({});

    const generated = await loadSigningKey(settings);
    const reloaded = await loadSigningKey(settings);

    expect(generated.source).toBe('local-file');
    expect(reloaded.keyId).toBe(generated.keyId);
    expect(statSync(settings.jwt.localKeyFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(settings.jwt.localKeyFile, 'utf8'))).toEqual({
      privateKeyPem: expect.stringMatching(/^-----BEGIN PRIVATE KEY-----/) as unknown,
      createdAt: expect.any(String) as unknown,
    });
  });

  test('when two processes generate the local key at once, then both end up with the same key', async () => {
    const settings = options({});

    const [one, two] = await Promise.all([loadSigningKey(settings), loadSigningKey(settings)]);

    expect(one.keyId).toBe(two.keyId);
  });

  test('when no key is configured in production, then loading fails instead of generating one', async () => {
    await expect(loadSigningKey(options({ NODE_ENV: 'production' }))).rejects.toThrow(
      /production never generates a signing key/,
    );
  });

  test('when a key is loaded, then its key id is the RFC 7638 thumbprint of the public key', async () => {
    const key = await loadSigningKey(options({ JWT_PRIVATE_KEY: generatePrivateKeyPem() }));

    const { kty, crv, x } = key.publicJwk;
    expect(key.keyId).toBe(await calculateJwkThumbprint({ kty, crv, x }));
    expect(key.publicJwk).not.toHaveProperty('d');
  });

  describe('rotation with previousPublicKeys in the secret', () => {
    const publicPemOf = (privatePem: string) =>
      createPublicKey(createPrivateKey(privatePem))
        .export({ type: 'spki', format: 'pem' })
        .toString();

    test('when the secret lists the retired key, then the JWKS publishes the current key first and the retired one after it', async () => {
      const retiredPem = generatePrivateKeyPem();
      secretsManager.on(GetSecretValueCommand).resolves({
        SecretString: JSON.stringify({
          privateKey: generatePrivateKeyPem(),
          previousPublicKeys: [publicPemOf(retiredPem)],
        }),
      });

      const key = await loadSigningKey(options({ JWT_SIGNING_KEY_SECRET_ARN: SECRET_ARN }));
      const retired = await loadSigningKey(options({ JWT_PRIVATE_KEY: retiredPem }));

      expect(publicJwks(key).keys.map((jwk) => jwk.kid)).toEqual([key.keyId, retired.keyId]);
      expect(publicJwks(key).keys.some((jwk) => 'd' in jwk)).toBe(false);
    });

    test('when a token was signed with the retired key, then the auth function still accepts it', async () => {
      const retiredPem = generatePrivateKeyPem();
      secretsManager.on(GetSecretValueCommand).resolves({
        SecretString: JSON.stringify({
          privateKey: generatePrivateKeyPem(),
          previousPublicKeys: [publicPemOf(retiredPem)],
        }),
      });
      const settings = options({ JWT_SIGNING_KEY_SECRET_ARN: SECRET_ARN });
      const tokens = createAccessTokens(settings.jwt, createSigningKeyProvider(settings));
      const retired = await loadSigningKey(options({ JWT_PRIVATE_KEY: retiredPem }));
      const oldToken = await createTokenSigner({
        issuer: settings.jwt.issuer,
        audience: settings.jwt.audience,
        ttlSeconds: 600,
        privateKey: retired.privateKey,
        keyId: retired.keyId,
      }).sign({ userId: 7, role: 'customer' });

      await expect(tokens.verifier.verify(oldToken.accessToken)).resolves.toMatchObject({
        userId: 7,
      });
    });

    test.each([
      [['not a key'], 'is not a PEM key'],
      ['one string', 'must be a list of PEM strings'],
      [[42], 'must be a list of PEM strings'],
    ])(
      'when previousPublicKeys is %p, then loading fails saying it %s',
      async (previousPublicKeys, message) => {
        secretsManager.on(GetSecretValueCommand).resolves({
          SecretString: JSON.stringify({ privateKey: generatePrivateKeyPem(), previousPublicKeys }),
        });

        const loading = loadSigningKey(options({ JWT_SIGNING_KEY_SECRET_ARN: SECRET_ARN }));

        await expect(loading).rejects.toThrow(SigningKeyError);
        await expect(loading).rejects.toThrow(message);
      },
    );

    test('when a retired key is an RSA key, then loading fails saying it is not Ed25519', async () => {
      const rsaPublic = generateKeyPairSync('rsa', { modulusLength: 2048 })
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString();
      secretsManager.on(GetSecretValueCommand).resolves({
        SecretString: JSON.stringify({
          privateKey: generatePrivateKeyPem(),
          previousPublicKeys: [rsaPublic],
        }),
      });

      await expect(
        loadSigningKey(options({ JWT_SIGNING_KEY_SECRET_ARN: SECRET_ARN })),
      ).rejects.toThrow('not Ed25519');
    });
  });
});
