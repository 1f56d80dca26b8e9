import type { CoverStorage } from '../../shared/covers/cover-storage';
import type { CoverObjectRepository } from '../covers/cover-object-repository';
import { CATALOG_CACHE_LIFETIME_MS } from '../../shared/domain/catalog-cache-lifetime';

/** Keys looked at per run; what is left waits for the next run. */
const BATCH = 100;

export interface CoverSweepDependencies {
  coverObjects: CoverObjectRepository;
  covers: CoverStorage;
}

export interface CoverSweepResult {
  removed: number;
  /** Keys whose removal failed; they stay released and the next run tries again. */
  failed: string[];
}

/**
 * Removes the stored renditions no book has used for longer than the catalog's caches live
 * (CATALOG_CACHE_LIFETIME_MS), so a cached page never shows a broken image, on disk or in S3.
 * Safe on several replicas at once: each key is removed under its row's lock, by one of them.
 */
export async function sweepReleasedCovers(
  deps: CoverSweepDependencies,
  now: Date,
): Promise<CoverSweepResult> {
  const cutoff = new Date(now.getTime() - CATALOG_CACHE_LIFETIME_MS);
  const result: CoverSweepResult = { removed: 0, failed: [] };
  for (const key of await deps.coverObjects.releasedBefore(cutoff, BATCH)) {
    try {
      if (await deps.coverObjects.removeIfReleased(key, cutoff, now, (k) => deps.covers.remove(k)))
        result.removed += 1;
    } catch {
      result.failed.push(key);
    }
  }
  return result;
}
