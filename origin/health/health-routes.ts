import { Router, type RequestHandler } from 'express';
import type { Database } from '../../shared/db/create-database';
import { AppError } from '../../shared/errors/app-error';
import type { RenderSlots } from '../covers/render-slots';
import type { Readiness } from './readiness';
import { threadPoolAnswers } from './thread-pool-probe';
import { withinDeadline } from './within-deadline';
import type { HealthAnswer, ReadyAnswer } from '../../shared/api/response-schemas';

/**
 * How long /readyz waits for the database and for the thread pool. A load balancer probe must learn
 * within its own time-out (and within 2 s) that a stalled database or a starved pool makes this
 * replica unready; the statement deadline is longer, so the probe does not wait for it. The probe's
 * query runs on until that deadline ends it.
 */
const READINESS_DEADLINE_MS = 1000;

const unready = (name: string, detail: string) =>
  new AppError(name, 503, detail, { retryAfterSeconds: 1 });

/**
 * `/healthz`: the process is alive (the container HEALTHCHECK); nothing here makes it fail, so a busy
 * replica is never restarted for being busy. `/readyz`: it should get traffic: not draining, not
 * refusing covers for a full render queue, its thread pool runs jobs (token checks) and the
 * database answers (the load balancer's target health check).
 */
export function healthRoutes(
  db: Database,
  readiness: Readiness,
  renderSlots: Pick<RenderSlots, 'isSaturated'>,
): Router {
  const router = Router();
  const noStore: RequestHandler = (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };

  router.get('/healthz', noStore, (_req, res) => {
    res.json({ status: 'ok' } satisfies HealthAnswer);
  });

  router.get('/readyz', noStore, async (_req, res) => {
    if (readiness.isDraining()) throw unready('draining', 'This instance is shutting down.');
    if (renderSlots.isSaturated())
      throw unready('cover-renderer-busy', 'This instance is rendering as many covers as it can.');
    const [pool, database] = await Promise.all([
      threadPoolAnswers(READINESS_DEADLINE_MS),
      withinDeadline(db.sequelize.query('SELECT 1'), READINESS_DEADLINE_MS),
    ]);
    if (!pool) throw unready('thread-pool-busy', 'This instance cannot run background jobs now.');
    if (!database) throw unready('database-unavailable', 'The database is unavailable.');
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
