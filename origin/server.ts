import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createTokenVerifier, type VerificationKeySource } from '../shared/auth/token-verifier';
import { ConfigError, loadConfig, type Config } from '../shared/config';
import { createCoverStorage } from '../shared/covers/create-cover-storage';
import { describeStartupError } from '../shared/db/describe-startup-error';
import { exitOnListenError } from '../shared/http/exit-on-listen-error';
import { announceListening } from '../shared/http/listening-signal';
import { openDatabase } from '../shared/db/open-database';
import { createCoverObjectRepository } from './covers/cover-object-repository';
import { createLoginThrottleRepository } from '../shared/db/repositories/login-throttle-repository';
import { createRefreshTokenRepository } from '../shared/db/repositories/refresh-token-repository';
import { createLogger, type Logger } from '../shared/logging/logger';
import { createOriginApp } from './app';
import { startPeriodicTask } from './background/periodic-task';
import { createReadiness } from './health/readiness';
import { expireOverdueOrders } from './orders/expire-overdue-orders';
import { createProcessedEventRepository } from './housekeeping/processed-event-repository';
import { pruneStaleRecords } from './housekeeping/prune-stale-records';
import { sweepReleasedCovers } from './housekeeping/sweep-released-covers';
import { createOriginContext } from './origin-context';
import { createFunctionEventSink } from './outbox/function-event-sink';
import { createOutboxRelay } from './outbox/outbox-relay';
import { createSqsEventSink } from './outbox/sqs-event-sink';

function verificationKeys(config: Config): VerificationKeySource {
  if (config.jwt.jwksUrl) return { jwksUrl: config.jwt.jwksUrl };
  if (config.jwt.publicKeyPem) return { publicKeyPem: config.jwt.publicKeyPem };
  throw new ConfigError(
    'Invalid configuration: JWT_JWKS_URL or JWT_PUBLIC_KEY must be set for the origin to verify access tokens',
  );
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections that finish their request become idle; close them as they do.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    server.once('close', () => clearInterval(sweep));
  });
}

/** Builds the origin's dependencies, listens, runs the relay and the sweeper, and drains on SIGTERM. */
function main(): void {
  const config = loadConfig();
  const logger: Logger = createLogger(
    config.logLevel,
    { service: 'origin' },
    { format: config.logFormat },
  );
  const verifier = createTokenVerifier({
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    keySource: verificationKeys(config),
    maxTokenAgeSeconds: config.jwt.accessTokenTtlSeconds,
  });
  // Short connect and acquire time-outs and a statement deadline: with the database down or stalled
  // a request gets its 503 within seconds instead of hanging, and the pool reconnects by itself
  // when it is back. In AWS the origin reads its database user and password itself, so a rotation
  // reaches it while it runs (infra/origin.yml passes the secret, never the password).
  const db = openDatabase(config, { profile: 'service', logger });

  const readiness = createReadiness();
  const coverStorage = createCoverStorage(config);
  const ctx = createOriginContext(db, config, coverStorage);
  const app = createOriginApp({ config, ctx, logger, verifier, readiness });
  const housekeeping = {
    idempotency: ctx.idempotency,
    refreshTokens: createRefreshTokenRepository(db),
    loginThrottles: createLoginThrottleRepository(db),
    // Registration and login keys share the table: keep every key for the longer of the windows.
    throttleWindowSeconds: Math.max(
      config.loginThrottle.windowSeconds,
      config.registrationThrottle.windowSeconds,
    ),
    outbox: ctx.outbox,
    processedEvents: createProcessedEventRepository(db),
  };
  const coverSweep = { coverObjects: createCoverObjectRepository(db), covers: coverStorage };
  const queueUrl = config.orders.eventsQueueUrl;
  const sink = queueUrl
    ? createSqsEventSink(
        new SQSClient({
          ...(config.aws.region ? { region: config.aws.region } : {}),
          maxAttempts: 3,
          requestHandler: { requestTimeout: 5000 },
        }),
        queueUrl,
      )
    : // No queue (npm start, docker compose): the relay hands the batches to the notifications
      // function's own export, loaded on first use so an origin in AWS never builds it.
      createFunctionEventSink(
        'notifications',
        async (event, context) => {
          const { handler } = await import('../handlers/notifications');
          return handler(event, context);
        },
        logger,
      );
  const relay = createOutboxRelay({ db, outbox: ctx.outbox, sink, logger });
  const tasks = [
    startPeriodicTask('outbox-relay', config.orders.outboxRelayIntervalMs, logger, () =>
      relay.relayPending(),
    ),
    startPeriodicTask('order-expiry', config.orders.expirySweepIntervalMs, logger, async () => {
      const expired = await expireOverdueOrders(ctx);
      if (expired > 0) logger.info({ expired }, 'expired unpaid orders');
    }),
    startPeriodicTask('housekeeping', config.orders.expirySweepIntervalMs, logger, async () => {
      const pruned = await pruneStaleRecords(housekeeping, ctx.now());
      if (Object.values(pruned).some((count) => count > 0))
        logger.info({ pruned }, 'deleted stale records');
      const covers = await sweepReleasedCovers(coverSweep, ctx.now());
      if (covers.removed > 0) logger.info({ removed: covers.removed }, 'removed released covers');
      if (covers.failed.length > 0)
        logger.warn({ keys: covers.failed }, 'released covers could not be removed; retrying');
    }),
  ];

  // Not app.listen(): Express 5 calls its callback on a failed listen too.
  const server = createServer(app);
  // Longer than the ALB's idle timeout (60 s, infra/origin.yml): the load balancer, not the origin,
  // must be the side that closes an idle keep-alive connection, or a request sent on a connection
  // the origin is closing comes back as a 502.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  exitOnListenError(server, config.http.originPort, 'ORIGIN_PORT');
  server.listen(config.http.originPort, config.http.host, () => {
    const { address, port } = server.address() as AddressInfo;
    logger.info({ host: address, port, eventSink: sink.name }, 'origin listening');
    announceListening();
  });

  let draining = false;
  const drain = async (signal: NodeJS.Signals) => {
    if (draining) return;
    draining = true;
    const deadline = setTimeout(() => {
      logger.error('shutdown deadline passed with requests still open; exiting');
      process.exit(1);
    }, config.shutdownDeadlineMs);
    readiness.startDraining();
    const closed = closeServer(server);
    // Logged once the listening socket is closed, so the line is true when anyone reads it.
    logger.info(
      { signal, deadlineMs: config.shutdownDeadlineMs },
      'draining: readiness fails, no new connections',
    );
    await closed;
    await Promise.all(tasks.map((task) => task.stop()));
    // Publish what the last requests wrote, so the next replica's relay does not have to.
    await relay
      .relayPending()
      .catch((error: unknown) => logger.warn({ err: error }, 'final outbox relay failed'));
    await db.close();
    clearTimeout(deadline);
    logger.info('origin stopped');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void drain(signal));
  process.once('SIGINT', (signal) => void drain(signal));
}

try {
  main();
} catch (error) {
  process.stderr.write(
    `error: ${describeStartupError(error) ?? (error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
  );
  process.exit(1);
}
