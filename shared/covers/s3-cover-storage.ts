import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { COVER_CACHE_CONTROL, COVER_CONTENT_TYPE, type CoverStorage } from './cover-storage';

/** The S3 object key of a cover: the URL path without its slash, so the CDN maps one to the other. */
export function coverObjectKey(key: string): string {
  return `covers/${key}.webp`;
}

/**
 * The AWS adapter: objects under `covers/` in the covers bucket, with the headers the CDN passes on
 * to browsers (S3 stores Cache-Control and Content-Type with the object and answers with them).
 */
export function createS3CoverStorage(client: S3Client, bucket: string): CoverStorage {
  return {
    async put(key, bytes) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: coverObjectKey(key),
          Body: bytes,
          ContentType: COVER_CONTENT_TYPE,
          CacheControl: COVER_CACHE_CONTROL,
        }),
      );
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: coverObjectKey(key) }));
    },
  };
}
