import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config';
import type { CoverStorage } from './cover-storage';
import { createDiskCoverStorage } from './disk-cover-storage';
import { createS3CoverStorage } from './s3-cover-storage';

/** The configured cover storage: the S3 bucket when COVERS_BUCKET is set, else the COVERS_DIR folder. */
export function createCoverStorage(config: Pick<Config, 'covers' | 'aws'>): CoverStorage {
  const { bucket, dir } = config.covers;
  if (!bucket) return createDiskCoverStorage(dir);
  const client = new S3Client({
    ...(config.aws.region ? { region: config.aws.region } : {}),
    maxAttempts: 3,
    requestHandler: { requestTimeout: 10_000 },
  });
  return createS3CoverStorage(client, bucket);
}
