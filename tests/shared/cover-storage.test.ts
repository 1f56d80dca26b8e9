import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createDiskCoverStorage } from '../../shared/covers/disk-cover-storage';
import { createS3CoverStorage } from '../../shared/covers/s3-cover-storage';

const KEY = createHash('sha256').update('a cover').digest('hex');
const BYTES = Buffer.from('webp bytes');

describe('disk cover storage', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'bookstore-covers-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  test('when a cover is put, then it is one <key>.webp file with those bytes and no partial file', async () => {
    const storage = createDiskCoverStorage(join(directory, 'not-yet-created'));

    await storage.put(KEY, BYTES);

    expect(readdirSync(join(directory, 'not-yet-created'))).toEqual([`${KEY}.webp`]);
    expect(readFileSync(join(directory, 'not-yet-created', `${KEY}.webp`))).toEqual(BYTES);
  });

  test('when a cover is removed, then its file is gone, and removing it again is no error', async () => {
    const storage = createDiskCoverStorage(directory);
    await storage.put(KEY, BYTES);

    await storage.remove(KEY);
    await storage.remove(KEY);

    expect(existsSync(join(directory, `${KEY}.webp`))).toBe(false);
  });

  test('when a key is not a content hash, then nothing is written outside the folder', async () => {
    const storage = createDiskCoverStorage(directory);

    await expect(storage.put('../escape', BYTES)).rejects.toThrow(RangeError);
    await expect(storage.remove('../escape')).rejects.toThrow(RangeError);
    expect(existsSync(join(directory, '..', 'escape.webp'))).toBe(false);
  });
});

describe('S3 cover storage', () => {
  const s3 = mockClient(S3Client);

  beforeEach(() => {
    s3.reset();
  });

  test('when a cover is put, then it goes under covers/ as immutable, year-cached image/webp', async () => {
    s3.on(PutObjectCommand).resolves({});
    const storage = createS3CoverStorage(new S3Client({ region: 'us-east-1' }), 'covers-bucket');

    await storage.put(KEY, BYTES);

    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'covers-bucket',
      Key: `covers/${KEY}.webp`,
      Body: BYTES,
      ContentType: 'image/webp',
      CacheControl: 'public, max-age=31536000, immutable',
    });
  });

  test('when a cover is removed, then its object under covers/ is deleted', async () => {
    s3.on(DeleteObjectCommand).resolves({});
    const storage = createS3CoverStorage(new S3Client({ region: 'us-east-1' }), 'covers-bucket');

    await storage.remove(KEY);

    expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, {
      Bucket: 'covers-bucket',
      Key: `covers/${KEY}.webp`,
    });
  });

  test('when S3 refuses a put, then the error reaches the caller', async () => {
    s3.on(PutObjectCommand).rejects(new Error('AccessDenied'));
    const storage = createS3CoverStorage(new S3Client({ region: 'us-east-1' }), 'covers-bucket');

    await expect(storage.put(KEY, BYTES)).rejects.toThrow('AccessDenied');
  });
});
