import type { RequestHandler } from 'express';
import { AppError } from '../errors/app-error';
import { methodsAt } from '../routes/route-table';

/**
 * The last handler of every app: a known path with another method is a 405 naming the allowed
 * methods, anything else a 404, both as problems.
 */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    const allowed = methodsAt(req.path);
    if (allowed.length > 0) {
      return next(
        new AppError('method-not-allowed', 405, `${req.method} is not supported on ${req.path}.`, {
          headers: { Allow: allowed.join(', ') },
        }),
      );
    }
    next(
      new AppError('route-not-found', 404, `There is no ${req.method} ${req.path} in this API.`),
    );
  };
}
