import { LRUCache, type Perf } from 'lru-cache';

/** Answers of the catalog kept in a function's container for a few seconds. */
export interface PageCache {
  /**
   * The answer stored under `key` while it is younger than the time to live, else `load()`'s,
   * which is then stored. Concurrent misses of one key share one `load()`; a failed load stores
   * nothing. `fresh` skips the stored answer (and replaces it).
   */
  get<T extends object>(key: string, load: () => Promise<T>, fresh: boolean): Promise<T>;
}

/** Distinct pages kept per container: bounded so an enumerating crawler cannot grow memory. */
const MAX_PAGES = 500;

/**
 * Catalog answers are public and already declared cacheable for 30 s (cache-headers.ts), so a
 * container may serve the same page again for a few seconds without asking the database: a
 * popular page costs one query per container per `ttlMs` instead of one per request. A time to
 * live of 0 turns the cache off. `clock` is for tests.
 */
export function createPageCache(ttlMs: number, clock: Perf = performance): PageCache {
  if (ttlMs === 0) return { get: (_key, load) => load() };
  const pages = new LRUCache<string, object, () => Promise<object>>({
    max: MAX_PAGES,
    ttl: ttlMs,
    perf: clock,
    // Every lookup reads the clock (nanoseconds) instead of a reading that a timer keeps for 1 ms.
    ttlResolution: 0,
    fetchMethod: (_key, _stale, { context }) => context(),
  });
  return {
    async get<T extends object>(key: string, load: () => Promise<T>, fresh: boolean) {
      const page = await pages.fetch(key, { context: load, forceRefresh: fresh });
      // fetch() gives undefined only when aborted, which this cache never does.
      return (page as T | undefined) ?? load();
    },
  };
}

/**
 * Whether the client asked for an answer validated by the origin (`Cache-Control: no-cache` or
 * `max-age=0`, which browsers send for a reload or a `cache: 'no-cache'` fetch).
 */
export function wantsFreshAnswer(cacheControl: string | undefined): boolean {
  return /(?:^|,)\s*(?:no-cache|max-age\s*=\s*0)\s*(?:,|$)/i.test(cacheControl ?? '');
}
