import { createHash } from 'node:crypto';

/**
 * Fingerprints what a request asks for (method, path and its validated body) so a retry under the
 * same Idempotency-Key can be told apart from a different request reusing the key.
 */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([method, path, body]))
    .digest('hex');
}
