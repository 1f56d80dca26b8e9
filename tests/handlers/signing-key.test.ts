import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { calculateJwkThumbprint } from 'jose';
import {
  createSigningKeyProvider,
  loadSigningKey,
  SigningKeyError,
} from '../../shared/auth/signing-key';
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
});
