/** What a server sends the process that started it (`npm start`) once it listens on its port. */
export const LISTENING_SIGNAL = 'listening';

/**
 * Tells the parent process, when it started this one with an IPC channel, that the server
 * listens. The parent learns it from this process itself: asking the port could reach whatever
 * else holds it.
 */
export function announceListening(): void {
  process.send?.(LISTENING_SIGNAL);
}
