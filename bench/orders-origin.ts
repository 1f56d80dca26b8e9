import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import { createOriginApp } from '../origin/app';
import { createOriginContext } from '../origin/origin-context';
import { createTokenVerifier } from '../shared/auth/token-verifier';
import { loadConfig } from '../shared/config';
import { createCoverStorage } from '../shared/covers/create-cover-storage';
import { openDatabase } from '../shared/db/open-database';
import { createLogger } from '../shared/logging/logger';

/**
 * The origin of bench/orders-throughput.ts in a process of its own, as it runs in production: the
 * buyers' HTTP clients neither share its event loop nor count in its memory. Started with fork();
 * the settings come in the first message; it answers `{ port }` once listening, its usage (peak
 * resident set since it started, CPU time so far) when asked for `report`, and exits on `stop`.
 */

/** The first message the bench sends. */
export interface OriginSettings {
  databaseUrl: string;
  poolMax: number;
  jwks: JSONWebKeySet;
  /** The environment the bench's config was loaded from (issuer, audience, order limits). */
  env: Record<string, string>;
}

/** What the origin process has used since it started. */
export interface OriginUsage {
  maxRssBytes: number;
  /** Where the resident set is now: V8's heap (reserved and used) and memory outside it. */
  memory: NodeJS.MemoryUsage;
  /** User and system CPU time, in microseconds. */
  cpuMicros: number;
}

export type OriginMessage = { port: number } | { usage: OriginUsage };

function reply(message: OriginMessage): void {
  process.send?.(message);
}

async function start(settings: OriginSettings): Promise<void> {
  const config = loadConfig({
    ...settings.env,
    DATABASE_URL: settings.databaseUrl,
    DATABASE_POOL_MAX: String(settings.poolMax),
    DATABASE_ACQUIRE_TIMEOUT_MS: '5000',
  });
  const db = openDatabase(config, { profile: 'service' });
  const verifier = createTokenVerifier({
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    keySource: { jwks: settings.jwks },
    maxTokenAgeSeconds: 3600,
  });
  const app = createOriginApp({
    config,
    ctx: createOriginContext(db, config, createCoverStorage(config)),
    logger: createLogger('silent'),
    verifier,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  process.on('message', (message) => {
    if (message === 'report') {
      const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
      // maxRSS is in KiB.
      reply({
        usage: {
          maxRssBytes: maxRSS * 1024,
          memory: process.memoryUsage(),
          cpuMicros: userCPUTime + systemCPUTime,
        },
      });
    } else if (message === 'stop') {
      server.closeAllConnections();
      server.close();
      void db.close().then(() => process.exit(0));
    }
  });
  reply({ port: (server.address() as AddressInfo).port });
}

process.once('message', (settings: OriginSettings) => {
  start(settings).catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
});
