import { generateKeyPair, exportJWK, type CryptoKey, type JSONWebKeySet } from 'jose';
import { createTokenSigner, type TokenSigner } from '../../shared/auth/token-signer';
import { createTokenVerifier, type TokenVerifier } from '../../shared/auth/token-verifier';
import type { UserRole } from '../../shared/domain/user-roles';
import { testConfig } from './test-config';

export interface TestKeys {
  signer: TokenSigner;
  verifier: TokenVerifier;
  jwks: JSONWebKeySet;
  /** The signing key, for tests that craft tokens the signer would never issue. */
  privateKey: CryptoKey;
  /** A bearer header value for a user. */
  bearer(user: { id: number; role: UserRole }): Promise<string>;
}

/** A fresh Ed25519 key pair with the real signer and verifier, as the auth function and origin use them. */
export async function createTestKeys(): Promise<TestKeys> {
  const config = testConfig();
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'EdDSA', use: 'sig' };
  const jwks = { keys: [publicJwk] };
  const signer = createTokenSigner({
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttlSeconds: config.jwt.accessTokenTtlSeconds,
    privateKey,
    keyId: 'test-key',
  });
  const verifier = createTokenVerifier({
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    keySource: { jwks },
    maxTokenAgeSeconds: config.jwt.accessTokenTtlSeconds,
  });
  return {
    signer,
    verifier,
    jwks,
    privateKey,
    async bearer(user) {
      const { accessToken } = await signer.sign({ userId: user.id, role: user.role });
      return `Bearer ${accessToken}`;
    },
  };
}
