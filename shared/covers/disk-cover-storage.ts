import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { COVER_KEY_PATTERN, type CoverStorage } from './cover-storage';

function fileOf(directory: string, key: string): string {
  // Keys come from our own hashes; refusing anything else keeps a key from naming another path.
  if (!COVER_KEY_PATTERN.test(key)) throw new RangeError(`not a cover key: ${key}`);
  return join(directory, `${key}.webp`);
}

/** The local adapter: one `<key>.webp` file per cover in a folder the origin serves at /covers. */
export function createDiskCoverStorage(directory: string): CoverStorage {
  const root = resolve(directory);
  return {
    async put(key, bytes) {
      const file = fileOf(root, key);
      await mkdir(root, { recursive: true });
      // Write then rename: a reader (or another replica sharing the folder) never sees half a file.
      const partial = join(root, `.${key}.${randomUUID()}.partial`);
      await writeFile(partial, bytes);
      await rename(partial, file);
    },
    async remove(key) {
      await rm(fileOf(root, key), { force: true });
    },
  };
}
