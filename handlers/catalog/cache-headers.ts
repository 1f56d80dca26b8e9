import { createHash } from 'node:crypto';
import type { Response } from 'express';
import {
  CATALOG_MAX_AGE_SECONDS,
  CATALOG_STALE_WHILE_REVALIDATE_SECONDS,
} from '../../shared/domain/catalog-cache-lifetime';

/**
 * Catalog answers are public and may be up to 30 s old; a CDN may serve a stale copy for another
 * minute while it revalidates. Each carries a strong ETag, so a revalidation is a cheap 304.
 */
export const CATALOG_CACHE_CONTROL = `public, max-age=${CATALOG_MAX_AGE_SECONDS}, stale-while-revalidate=${CATALOG_STALE_WHILE_REVALIDATE_SECONDS}`;

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * A catalog answer serialized once: the page cache keeps its bytes and their ETag, so an answer
 * served again from the container is neither stringified nor hashed again.
 */
export interface SerializedAnswer {
  bytes: Buffer;
  etag: string;
}

const NON_ASCII = /[\u0080-\uffff]/g;

function escapeAsUnicode(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Serializes a catalog answer with the strong ETag express would give it (length and SHA-1).
 * Characters beyond ASCII are written as \u escapes, the same JSON to every parser: a Lambda
 * result carries its body as a string, and an answer with a single accent in it would otherwise be
 * decoded into a two-byte string and encoded again on every request, several times the cost of
 * one-byte text, while the escaping is done once per cached page.
 */
export function serializeAnswer<Body extends object>(body: Body): SerializedAnswer {
  const bytes = Buffer.from(JSON.stringify(body).replace(NON_ASCII, escapeAsUnicode), 'utf8');
  const hash = createHash('sha1').update(bytes).digest('base64').substring(0, 27);
  return { bytes, etag: `"${bytes.length.toString(16)}-${hash}"` };
}

/**
 * Sends a successful catalog answer with CDN caching (errors stay uncached). Express still answers
 * If-None-Match with a 304 and HEAD without a body; the ETag set here spares it the hashing.
 */
export function sendCacheable(res: Response, answer: SerializedAnswer): void {
  res.setHeader('Cache-Control', CATALOG_CACHE_CONTROL);
  res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.setHeader('ETag', answer.etag);
  res.send(answer.bytes);
}
