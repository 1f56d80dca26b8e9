import { testDatabaseUrl } from '../support/test-database';

/** DATABASE_URL of a fresh test database, as a deployed function would get it from its environment. */
export function freshDatabaseUrl(): string {
  const url = testDatabaseUrl();
  if (url.dialect === 'sqlite') return `sqlite:${url.storage}`;
  const credentials = url.password
    ? `${encodeURIComponent(url.username)}:${encodeURIComponent(url.password)}`
    : encodeURIComponent(url.username);
  return `mysql://${credentials}@${url.host}:${url.port}/${encodeURIComponent(url.database)}`;
}
