/** Cover objects are immutable (their key is their content's hash), so caches may keep them a year. */
export const COVER_CACHE_CONTROL = 'public, max-age=31536000, immutable';
export const COVER_CONTENT_TYPE = 'image/webp';

/** A cover's key: the hex SHA-256 of the WebP bytes stored under it. */
export const COVER_KEY_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Where cover images live: S3 in AWS, a folder locally. Objects are WebP, written once under their
 * content hash and never changed, so a put of an existing key is harmless.
 */
export interface CoverStorage {
  /** Stores the WebP bytes under a key. */
  put(key: string, bytes: Buffer): Promise<void>;
  /** Removes an object; removing a missing one is not an error. */
  remove(key: string): Promise<void>;
}

/** The public path of a cover (the CDN serves it from S3, or the origin from disk). */
export function coverPath(key: string): string {
  return `/covers/${key}.webp`;
}

/** The content-hashed keys of a book's two cover renditions. */
export interface CoverKeys {
  coverKey: string;
  thumbnailKey: string;
}

/** Stores both renditions of a cover; returns their keys as the book records them. */
export async function putCoverRenditions(
  storage: CoverStorage,
  renditions: { large: { key: string; bytes: Buffer }; thumbnail: { key: string; bytes: Buffer } },
): Promise<CoverKeys> {
  await Promise.all([
    storage.put(renditions.large.key, renditions.large.bytes),
    storage.put(renditions.thumbnail.key, renditions.thumbnail.bytes),
  ]);
  return { coverKey: renditions.large.key, thumbnailKey: renditions.thumbnail.key };
}
