import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as S3 from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createCoverStorage } from '../../shared/covers/create-cover-storage';

// The S3 SDK is a few MB of heap an origin serving orders never needs: it is loaded on the first
// upload or removal. Every load of the module through the code under test is counted here.
let mockS3Loads = 0;
jest.mock('@aws-sdk/client-s3', () => {
  mockS3Loads += 1;
  return jest.requireActual<typeof S3>('@aws-sdk/client-s3');
});

const KEY = createHash('sha256').update('a cover').digest('hex');
const BYTES = Buffer.from('webp bytes');

describe('the configured cover storage', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'bookstore-covers-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  test('when no bucket is configured, then covers go to the folder and the S3 SDK is never loaded', async () => {
    const storage = createCoverStorage({
      covers: { bucket: undefined, dir: directory },
      aws: { region: 'us-east-1' },
    });

    await storage.put(KEY, BYTES);

    expect(existsSync(join(directory, `${KEY}.webp`))).toBe(true);
    expect(mockS3Loads).toBe(0);
  });

  test('when a bucket is configured, then the S3 SDK is loaded on the first put, once, and the cover goes to the bucket', async () => {
    const { PutObjectCommand, S3Client } = jest.requireActual<typeof S3>('@aws-sdk/client-s3');
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).resolves({});
    const storage = createCoverStorage({
      covers: { bucket: 'covers-bucket', dir: directory },
      aws: { region: 'us-east-1' },
    });
    const loadsBeforePut = mockS3Loads;

    await storage.put(KEY, BYTES);
    await storage.put(KEY, BYTES);

    expect(loadsBeforePut).toBe(0);
    expect(mockS3Loads).toBe(1);
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 2);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'covers-bucket',
      Key: `covers/${KEY}.webp`,
    });
    expect(existsSync(join(directory, `${KEY}.webp`))).toBe(false);
    s3.restore();
  });
});
