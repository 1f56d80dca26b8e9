import type { Server } from 'node:net';

/** Why a server could not listen, in words that say what to change. */
export function describeListenError(
  error: NodeJS.ErrnoException,
  port: number,
  variable: string,
): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} is already in use: stop what listens there, or choose another port with ${variable}=<port>`;
    case 'EACCES':
      return `no permission to listen on port ${port}: choose a port above 1023 with ${variable}=<port>`;
    default:
      return `cannot listen on port ${port}: ${error.message}`;
  }
}

/**
 * A server that cannot listen ends its process with one line on stderr and exit code 1, instead of
 * an unhandled 'error' event's stack trace.
 */
export function exitOnListenError(server: Server, port: number, variable: string): void {
  server.once('error', (error: NodeJS.ErrnoException) => {
    process.stderr.write(`error: ${describeListenError(error, port, variable)}\n`);
    process.exit(1);
  });
}
