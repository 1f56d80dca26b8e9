import type { JSONWebKeySet } from 'jose';
import { publicJwks, type SigningKeyProvider } from '../../shared/auth/signing-key';
import {
  createTokenSigner,
  type SignedAccessToken,
  type TokenSigner,
} from '../../shared/auth/token-signer';
import { createTokenVerifier, type TokenVerifier } from '../../shared/auth/token-verifier';
import type { Config } from '../../shared/config';
import type { UserRole } from '../../shared/domain/user-roles';

/** Signs access tokens, verifies them (for the auth function's own bearer routes) and publishes the JWKS. */
export interface AccessTokens {
  sign(user: { id: number; role: UserRole }): Promise<SignedAccessToken>;
  verifier: TokenVerifier;
  jwks(): Promise<JSONWebKeySet>;
}

/**
 * Builds the signer and verifier from the signing key on first use: the key may come from Secrets
 * Manager, so it is not there at module load, and once loaded it serves every later invocation.
 */
export function createAccessTokens(jwt: Config['jwt'], keys: SigningKeyProvider): AccessTokens {
  let ready:
    Promise<{ signer: TokenSigner; verifier: TokenVerifier; jwks: JSONWebKeySet }> | undefined;
  const load = () => {
    ready ??= keys.current().then((key) => {
      const jwks = publicJwks(key);
      return {
        jwks,
        signer: createTokenSigner({
          issuer: jwt.issuer,
          audience: jwt.audience,
          ttlSeconds: jwt.accessTokenTtlSeconds,
          privateKey: key.privateKey,
          keyId: key.keyId,
        }),
        verifier: createTokenVerifier({
          issuer: jwt.issuer,
          audience: jwt.audience,
          keySource: { jwks },
          maxTokenAgeSeconds: jwt.accessTokenTtlSeconds,
        }),
      };
    });
    ready.catch(() => {
      ready = undefined;
    });
    return ready;
  };
  return {
    async sign(user) {
      return (await load()).signer.sign({ userId: user.id, role: user.role });
    },
    verifier: {
      async verify(token) {
        return (await load()).verifier.verify(token);
      },
    },
    async jwks() {
      return (await load()).jwks;
    },
  };
}
