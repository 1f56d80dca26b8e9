import { createHash, randomBytes } from 'node:crypto';

/** What a refresh token looks like on the wire: 32 random bytes, base64url. */
export const REFRESH_TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** A new opaque refresh token. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The only form a refresh token is stored in: its SHA-256 (the token is random, so no salt is needed). */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
