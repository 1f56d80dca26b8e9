import {
  createLocalJWKSet,
  createRemoteJWKSet,
  importSPKI,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  type KeyObject,
} from 'jose';
import { invalidToken } from '../errors/app-error';
import { ACCESS_TOKEN_ALGORITHM, isUserRole, type Principal } from './principal';

/** Where a verifier gets public keys from; never a private key. */
export type VerificationKeySource =
  | { jwksUrl: string }
  | { jwks: JSONWebKeySet }
  | { publicKeyPem: string }
  | { publicKey: VerificationKey };

/** A public key as jose imports it (a CryptoKey on Node 20). */
export type VerificationKey = Awaited<ReturnType<typeof importSPKI>> | KeyObject;

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  keySource: VerificationKeySource;
  /**
   * The access token lifetime the signer uses: a token issued longer ago than this (plus the clock
   * tolerance), or meant to live longer, is refused whatever its `exp` says.
   */
  maxTokenAgeSeconds: number;
  /** Allowed clock skew between signer and verifier. */
  clockToleranceSeconds?: number;
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

function keyResolver(
  source: VerificationKeySource,
): JWTVerifyGetKey | (() => Promise<VerificationKey>) {
  if ('jwksUrl' in source) {
    return createRemoteJWKSet(new URL(source.jwksUrl), {
      cooldownDuration: 30_000,
      cacheMaxAge: 600_000,
    });
  }
  if ('jwks' in source) return createLocalJWKSet(source.jwks);
  if ('publicKeyPem' in source) {
    const imported = importSPKI(source.publicKeyPem, ACCESS_TOKEN_ALGORITHM);
    return () => imported;
  }
  const { publicKey } = source;
  return () => Promise.resolve(publicKey);
}

/**
 * Verifies access tokens with the algorithm pinned and iss, aud, exp, sub and jti required: jose
 * checks iss/aud only when asked and accepts a token without exp unless told to require it. A
 * maximum age bounds what a leaked signing key or a signer bug could mint: `iat` in the future
 * beyond the clock tolerance, older than the lifetime, or an `exp` further from `iat` than the
 * lifetime all fail (jose checks `iat` against now only when given maxTokenAge).
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const getKey = keyResolver(options.keySource);
  const clockTolerance = options.clockToleranceSeconds ?? 30;
  return {
    async verify(token: string): Promise<Principal> {
      let payload;
      try {
        ({ payload } = await jwtVerify(token, getKey as JWTVerifyGetKey, {
          algorithms: [ACCESS_TOKEN_ALGORITHM],
          issuer: options.issuer,
          audience: options.audience,
          requiredClaims: ['exp', 'iat', 'sub', 'jti'],
          clockTolerance,
          maxTokenAge: options.maxTokenAgeSeconds,
        }));
      } catch {
        throw invalidToken();
      }
      const userId = Number(payload.sub);
      const role: unknown = payload.role;
      if (
        !Number.isSafeInteger(userId) ||
        userId <= 0 ||
        !isUserRole(role) ||
        typeof payload.jti !== 'string' ||
        (payload.exp ?? 0) - (payload.iat ?? 0) > options.maxTokenAgeSeconds + clockTolerance
      ) {
        throw invalidToken();
      }
      return { userId, role, tokenId: payload.jti };
    },
  };
}
