import type { AddressInfo } from 'node:net';
import { loadConfig } from '../shared/config';
import { exitOnListenError } from '../shared/http/exit-on-listen-error';
import { announceListening } from '../shared/http/listening-signal';
import { createLogger } from '../shared/logging/logger';
import { handler as auth } from '../handlers/auth';
import { handler as catalog } from '../handlers/catalog';
import { createLocalEdge } from './local-edge';

/** Runs the local edge: the Lambda routes through the real handler exports, the rest to the origin. */
function main(): void {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { service: 'edge' }, { format: config.logFormat });
  const originUrl = config.http.originUrl ?? `http://127.0.0.1:${config.http.originPort}`;
  const server = createLocalEdge({
    functions: { auth: auth, catalog: catalog },
    originUrl,
    logger,
  });
  exitOnListenError(server, config.http.port, 'PORT');
  server.listen(config.http.port, config.http.host, () => {
    const { address, port } = server.address() as AddressInfo;
    logger.info({ host: address, port, originUrl }, 'local edge listening');
    announceListening();
  });
  // The last guard: the edge keeps no state a failed request could leave half-changed, so an
  // exception that escaped a request's own handling is logged and the edge goes on serving.
  process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'));
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: reason }, 'unhandled promise rejection'),
  );
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
