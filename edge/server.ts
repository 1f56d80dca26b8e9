import { loadConfig } from '../shared/config';
import { exitOnListenError } from '../shared/http/exit-on-listen-error';
import { createLogger } from '../shared/logging/logger';
import { handler as auth } from '../handlers/auth';
import { handler as catalog } from '../handlers/catalog';
import { createLocalEdge } from './local-edge';

/** Runs the local edge: the Lambda routes through the real handler exports, the rest to the origin. */
function main(): void {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { service: 'edge' });
  const originUrl = config.http.originUrl ?? `http://127.0.0.1:${config.http.originPort}`;
  const server = createLocalEdge({
    functions: { auth: auth, catalog: catalog },
    originUrl,
    logger,
  });
  exitOnListenError(server, config.http.port, 'PORT');
  server.listen(config.http.port, () => {
    logger.info({ port: config.http.port, originUrl }, 'local edge listening');
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
