import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { SecretReader } from '../../shared/secrets/secret-reader';

/**
 * The CDN origin secret: `value` is what CloudFront sends now; `previous`, while a rotation
 * propagates to every edge location, what some may still send.
 */
const originSecret = z.object({
  value: z.string().min(32),
  previous: z.string().min(32).optional(),
});

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares in constant time (over digests, so lengths do not leak either). */
const sameSecret = (presented: string, expected: string) =>
  timingSafeEqual(digest(presented), digest(expected));

/** Checks the origin-verify header of a request against the CDN origin secret. */
export function createOriginVerifier(secrets: SecretReader, secretArn: string) {
  return async (presented: string | undefined): Promise<boolean> => {
    if (!presented) return false;
    const parsed = originSecret.safeParse(JSON.parse(await secrets.getSecretString(secretArn)));
    if (!parsed.success) throw new Error(`CDN origin secret ${secretArn} lacks a value`);
    const { value, previous } = parsed.data;
    return (
      sameSecret(presented, value) || (previous !== undefined && sameSecret(presented, previous))
    );
  };
}
