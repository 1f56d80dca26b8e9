import { exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { createTokenSigner, type TokenSigner } from '../shared/auth/token-signer';
import type { Config } from '../shared/config';

/** This process's environment with `overrides` on top, as the settings of a bench's origin. */
export function benchEnvironment(overrides: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined) env[name] = value;
  return { ...env, ...overrides };
}

/**
 * A signing key of the bench's own: a signer for its clients' tokens (valid an hour) and the key
 * set the origin it starts verifies them with.
 */
export async function benchTokens(
  config: Pick<Config, 'jwt'>,
): Promise<{ signer: TokenSigner; jwks: JSONWebKeySet }> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'EdDSA' }] };
  const signer = createTokenSigner({
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttlSeconds: 3600,
    privateKey,
    keyId: 'bench',
  });
  return { signer, jwks };
}
