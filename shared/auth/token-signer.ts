import { randomUUID } from 'node:crypto';
import { SignJWT, type CryptoKey, type KeyObject } from 'jose';
import type { UserRole } from '../domain/user-roles';
import { ACCESS_TOKEN_ALGORITHM } from './principal';

export interface TokenSignerOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
  privateKey: CryptoKey | KeyObject;
  /** The `kid` published in the JWKS, so verifiers pick the right key during a rotation. */
  keyId: string;
}

export interface SignedAccessToken {
  accessToken: string;
  expiresIn: number;
}

export interface TokenSigner {
  sign(subject: { userId: number; role: UserRole }): Promise<SignedAccessToken>;
}

/** Signs short-lived access tokens carrying iss, aud, exp, iat, sub, role and a unique jti. */
export function createTokenSigner(options: TokenSignerOptions): TokenSigner {
  return {
    async sign({ userId, role }) {
      const accessToken = await new SignJWT({ role })
        .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid: options.keyId, typ: 'JWT' })
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setSubject(String(userId))
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime(`${options.ttlSeconds}s`)
        .sign(options.privateKey);
      return { accessToken, expiresIn: options.ttlSeconds };
    },
  };
}
