/** Seconds a browser or the CDN may serve a catalog answer without asking again. */
export const CATALOG_MAX_AGE_SECONDS = 30;

/** Seconds more the CDN may serve it stale while it revalidates. */
export const CATALOG_STALE_WHILE_REVALIDATE_SECONDS = 60;

/** The longest a catalog function's container reuses an answer it gave (CATALOG_CACHE_TTL_MS). */
export const CATALOG_PAGE_CACHE_MAX_TTL_MS = CATALOG_MAX_AGE_SECONDS * 1000;

/**
 * How long after a change the public may still be shown a catalog answer from before it: a
 * container's page cache may hold it for its whole time to live, and the CDN then takes it as new
 * and keeps it fresh, then stale. A cover's renditions must outlive this after no book uses them.
 */
export const CATALOG_CACHE_LIFETIME_MS =
  CATALOG_PAGE_CACHE_MAX_TTL_MS +
  (CATALOG_MAX_AGE_SECONDS + CATALOG_STALE_WHILE_REVALIDATE_SECONDS) * 1000;
