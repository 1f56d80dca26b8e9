import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import type { Config } from '../config';
import type { SecretReader } from '../secrets/secret-reader';
import { ACCESS_TOKEN_ALGORITHM } from './principal';

/** Where the signing key came from, for start-up logs and tests. */
export type SigningKeySource = 'secrets-manager' | 'environment' | 'local-file';

/** The auth function's private key with the public half it publishes. */
export interface SigningKey {
  privateKey: KeyObject;
  /** The public key as a JWK with its `kid` (the RFC 7638 thumbprint), `alg` and `use`. */
  publicJwk: JWK;
  keyId: string;
  /**
   * Public keys of keys rotated out, still published so that the tokens they signed keep verifying
   * until they expire (from the secret's `previousPublicKeys`).
   */
  retiredPublicJwks: JWK[];
  source: SigningKeySource;
}

/** Raised when a configured signing key cannot be used; the message names the setting. */
export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

export interface SigningKeyOptions {
  jwt: Config['jwt'];
  env: Config['env'];
  secrets: SecretReader;
}

interface LocalKeyFile {
  privateKeyPem: string;
  createdAt: string;
}

async function publicJwkOf(key: KeyObject): Promise<{ jwk: JWK; keyId: string }> {
  const jwk = await exportJWK(key);
  const keyId = await calculateJwkThumbprint(jwk);
  return { jwk: { ...jwk, kid: keyId, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' }, keyId };
}

async function retiredJwk(pem: string, setting: string): Promise<JWK> {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(pem.trim().replace(/\\n/g, '\n'));
  } catch {
    throw new SigningKeyError(`${setting} holds a previousPublicKeys entry that is not a PEM key`);
  }
  if (publicKey.asymmetricKeyType !== 'ed25519')
    throw new SigningKeyError(`${setting} holds a previousPublicKeys entry that is not Ed25519`);
  return (await publicJwkOf(publicKey)).jwk;
}

async function fromPem(
  pem: string,
  setting: string,
  source: SigningKeySource,
  previousPublicKeyPems: readonly string[] = [],
): Promise<SigningKey> {
  let privateKey: KeyObject;
  try {
    // Environment variables often carry PEM newlines escaped as "\n".
    privateKey = createPrivateKey(pem.trim().replace(/\\n/g, '\n'));
  } catch {
    throw new SigningKeyError(`${setting} is not a PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(
      `${setting} must be an Ed25519 private key (PKCS#8 PEM) for ${ACCESS_TOKEN_ALGORITHM}`,
    );
  }
  const { jwk, keyId } = await publicJwkOf(createPublicKey(privateKey));
  const retiredPublicJwks = await Promise.all(
    previousPublicKeyPems.map((previous) => retiredJwk(previous, setting)),
  );
  return {
    privateKey,
    publicJwk: jwk,
    keyId,
    retiredPublicJwks: retiredPublicJwks.filter((retired) => retired.kid !== keyId),
    source,
  };
}

/**
 * What a Secrets Manager value holds: the private key's PEM as plain text, or a JSON object
 * `{ "privateKey": PEM, "previousPublicKeys"?: [PEM, ...] }` (the public keys of rotated-out keys).
 */
function keysFromSecret(
  value: string,
  secretArn: string,
): { privateKeyPem: string; previousPublicKeyPems: string[] } {
  if (!value.trim().startsWith('{')) return { privateKeyPem: value, previousPublicKeyPems: [] };
  let parsed: { privateKey?: unknown; previousPublicKeys?: unknown };
  try {
    parsed = JSON.parse(value) as typeof parsed;
  } catch {
    throw new SigningKeyError(`JWT_SIGNING_KEY_SECRET_ARN (${secretArn}) holds malformed JSON`);
  }
  if (typeof parsed.privateKey !== 'string')
    throw new SigningKeyError(
      `JWT_SIGNING_KEY_SECRET_ARN (${secretArn}) holds JSON without a "privateKey" string`,
    );
  const previous = parsed.previousPublicKeys ?? [];
  if (!Array.isArray(previous) || !previous.every((entry) => typeof entry === 'string'))
    throw new SigningKeyError(
      `JWT_SIGNING_KEY_SECRET_ARN (${secretArn}): "previousPublicKeys" must be a list of PEM strings`,
    );
  return { privateKeyPem: parsed.privateKey, previousPublicKeyPems: previous };
}

async function readLocalKey(file: string): Promise<string | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LocalKeyFile>;
    if (typeof parsed.privateKeyPem !== 'string')
      throw new SigningKeyError(`JWT_LOCAL_KEY_FILE ${file} has no privateKeyPem`);
    return parsed.privateKeyPem;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (error instanceof SyntaxError)
      throw new SigningKeyError(`JWT_LOCAL_KEY_FILE ${file} is not JSON`);
    throw error;
  }
}

/**
 * Reads the local development key, generating it on first use. The file is created exclusively
 * ('wx') so two processes starting together agree on one key: the loser reads the winner's file.
 */
async function localKeyPem(file: string): Promise<string> {
  const existing = await readLocalKey(file);
  if (existing) return existing;
  const { privateKey } = generateKeyPairSync('ed25519');
  const content: LocalKeyFile = {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    createdAt: new Date().toISOString(),
  };
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(file, `${JSON.stringify(content, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    return content.privateKeyPem;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const written = await readLocalKey(file);
    if (!written) throw error;
    return written;
  }
}

/**
 * Loads the access-token signing key: from Secrets Manager when JWT_SIGNING_KEY_SECRET_ARN is set,
 * else from JWT_PRIVATE_KEY, else (outside production) a generated Ed25519 key kept in
 * JWT_LOCAL_KEY_FILE. Production refuses to generate one: each container would sign with its own.
 */
export async function loadSigningKey({
  jwt,
  env,
  secrets,
}: SigningKeyOptions): Promise<SigningKey> {
  if (jwt.signingKeySecretArn) {
    const value = await secrets.getSecretString(jwt.signingKeySecretArn);
    const { privateKeyPem, previousPublicKeyPems } = keysFromSecret(value, jwt.signingKeySecretArn);
    return fromPem(
      privateKeyPem,
      'JWT_SIGNING_KEY_SECRET_ARN',
      'secrets-manager',
      previousPublicKeyPems,
    );
  }
  if (jwt.privateKeyPem) return fromPem(jwt.privateKeyPem, 'JWT_PRIVATE_KEY', 'environment');
  if (env === 'production') {
    throw new SigningKeyError(
      'Set JWT_SIGNING_KEY_SECRET_ARN or JWT_PRIVATE_KEY: production never generates a signing key',
    );
  }
  return fromPem(await localKeyPem(jwt.localKeyFile), 'JWT_LOCAL_KEY_FILE', 'local-file');
}

/** Hands out the signing key, loading it once per container; a failed load is retried next time. */
export interface SigningKeyProvider {
  current(): Promise<SigningKey>;
}

/** Caches loadSigningKey for the life of the container. */
export function createSigningKeyProvider(options: SigningKeyOptions): SigningKeyProvider {
  let pending: Promise<SigningKey> | undefined;
  return {
    current() {
      if (!pending) {
        pending = loadSigningKey(options);
        pending.catch(() => {
          pending = undefined;
        });
      }
      return pending;
    },
  };
}

/** The public JSON Web Key Set verifiers fetch from /.well-known/jwks.json: current key first. */
export function publicJwks(key: SigningKey): { keys: JWK[] } {
  return { keys: [key.publicJwk, ...key.retiredPublicJwks] };
}
