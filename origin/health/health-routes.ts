import { Router, type RequestHandler } from 'express';
import type { Database } from '../../shared/db/create-database';
import { AppError } from '../../shared/errors/app-error';
import type { Readiness } from './readiness';
import type { HealthAnswer, ReadyAnswer } from '../../shared/api/response-schemas';

/**
 * How long /readyz waits for the database. A load balancer probe must learn within its own time-out
 * (and within 2 s) that a stalled database makes this replica unready; the statement deadline is
 * longer, so the probe does not wait for it. The probe's query runs on until that deadline ends it.
 */
const READINESS_DEADLINE_MS = 1000;

/** Whether the database answers a trivial query within `deadlineMs`. */
async function databaseAnswers(db: Database, deadlineMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), deadlineMs);
  });
  const probe = db.sequelize.query('SELECT 1').then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/healthz`: the process is alive (the container HEALTHCHECK). `/readyz`: it should get traffic:
 * the database answers and the process is not draining (the load balancer's target health check).
 */
export function healthRoutes(db: Database, readiness: Readiness): Router {
  const router = Router();
  const noStore: RequestHandler = (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };

  router.get('/healthz', noStore, (_req, res) => {
    res.json({ status: 'ok' } satisfies HealthAnswer);
  });

  router.get('/readyz', noStore, async (_req, res) => {
    if (readiness.isDraining()) {
      throw new AppError('draining', 503, 'This instance is shutting down.', {
        retryAfterSeconds: 1,
      });
    }
    if (!(await databaseAnswers(db, READINESS_DEADLINE_MS))) {
      throw new AppError('database-unavailable', 503, 'The database is unavailable.', {
        retryAfterSeconds: 1,
      });
    }
    res.json({ status: 'ready' } satisfies ReadyAnswer);
  });

  return router;
}

/** While draining, every response asks the client to close its connection, so keep-alives end too. */
export function closeConnectionsWhileDraining(readiness: Readiness): RequestHandler {
  return (_req, res, next) => {
    if (readiness.isDraining()) res.set('Connection', 'close');
    next();
  };
}
