import type { RequestHandler } from 'express';

/** How much of a refused body the origin reads and drops before it cuts the connection instead. */
const MAX_DISCARDED_BODY = 10 * 1024 * 1024;

/**
 * An answer sent before its request's body has all arrived (a 413 on a cover too large, a 401 or
 * 415 before reading it) must reach the client, the ALB or the edge. Closing the connection with
 * the rest of the body still arriving makes the kernel reset it: the client gets EPIPE writing the
 * rest, and the reset can destroy the answer before it is read. So a `Connection: close` on such
 * an answer is dropped, and the rest of the body is read and discarded, leaving the connection
 * open for the next request; a client that goes on sending past a bound is cut off.
 */
export function discardRefusedBodies(): RequestHandler {
  return (req, res, next) => {
    // A body that has not all arrived (a request without one is complete once its head is read).
    const bodyStillArriving = () =>
      !req.complete &&
      (req.headers['transfer-encoding'] !== undefined ||
        Number(req.headers['content-length'] ?? 0) > 0);
    // Headers are decided when they are written (on-headers' way): by then the route has set them.
    const writeHead = res.writeHead.bind(res);
    res.writeHead = ((...args: Parameters<typeof writeHead>) => {
      if (bodyStillArriving() && String(res.getHeader('connection')).toLowerCase() === 'close')
        res.removeHeader('connection');
      return writeHead(...args);
    }) as typeof res.writeHead;
    res.once('finish', () => {
      if (!bodyStillArriving()) return;
      let discarded = 0;
      req.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > MAX_DISCARDED_BODY) req.socket.destroy();
      });
      req.resume();
    });
    next();
  };
}
