import type { Config } from '../config';
import type { CoverStorage } from './cover-storage';
import { createDiskCoverStorage } from './disk-cover-storage';

/**
 * The configured cover storage: the S3 bucket when COVERS_BUCKET is set, else the COVERS_DIR folder.
 * The S3 SDK is loaded on the first upload or removal, not at start-up: it holds about 6 MB of heap
 * (and more resident code) that an origin serving orders never uses.
 */
export function createCoverStorage(config: Pick<Config, 'covers' | 'aws'>): CoverStorage {
  const { bucket, dir } = config.covers;
  if (!bucket) return createDiskCoverStorage(dir);
  let s3: Promise<CoverStorage> | undefined;
  const connect = () => {
    s3 ??= Promise.all([import('@aws-sdk/client-s3'), import('./s3-cover-storage')]).then(
      ([sdk, { createS3CoverStorage }]) =>
        createS3CoverStorage(
          new sdk.S3Client({
            ...(config.aws.region ? { region: config.aws.region } : {}),
            maxAttempts: 3,
            requestHandler: { requestTimeout: 10_000 },
          }),
          bucket,
        ),
    );
    return s3;
  };
  return {
    async put(key, bytes) {
      await (await connect()).put(key, bytes);
    },
    async remove(key) {
      await (await connect()).remove(key);
    },
  };
}
