import { AppError } from '../../shared/errors/app-error';

/**
 * How many covers a process renders at once, and how many uploads may wait for a slot, for how
 * long. Each render holds one thread of the libuv pool (which token checks, the SQLite driver and
 * DNS share) and one libvips worker, and up to ~120 MB while it decodes a 40-megapixel JPEG: two
 * at a time keep an origin within its memory budget and leave the pool's other threads (package.json
 * and the Dockerfile set UV_THREADPOOL_SIZE=8) to everything else. Eight uploads at once are served
 * in turn; a ninth, or one that waited too long, gets a 503 to retry.
 */
export const RENDER_SLOT_LIMITS: RenderSlotLimits = { active: 2, waiting: 6, maxWaitMs: 10_000 };

/** Seconds a refused upload is told to wait: about the time the queue ahead of it takes. */
const RETRY_AFTER_SECONDS = 5;

export interface RenderSlotLimits {
  /** Renders running at once. */
  active: number;
  /** Uploads waiting for a slot; one more is refused at once. */
  waiting: number;
  /** How long an upload may wait for a slot before it is refused. */
  maxWaitMs: number;
}

export interface RenderSlots {
  /** Runs `render` in a free slot, after waiting its turn; a 503 when the wait is full or too long. */
  run<T>(render: () => Promise<T>): Promise<T>;
  /** Whether every slot and the whole queue are taken, so the next upload would be refused. */
  isSaturated(): boolean;
}

const busy = () =>
  new AppError(
    'cover-renderer-busy',
    503,
    'Many covers are being processed right now. Send this one again in a few seconds.',
    { retryAfterSeconds: RETRY_AFTER_SECONDS },
  );

/** A bounded render queue: first come, first served, never more than `limits.active` at once. */
export function createRenderSlots(limits: RenderSlotLimits = RENDER_SLOT_LIMITS): RenderSlots {
  let running = 0;
  const queue: Array<() => void> = [];

  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running -= 1;
  };

  // Resolves when a slot is this caller's; the slot passes straight from a finishing render to the
  // first waiter, so `running` never drops below the work actually under way.
  const acquire = (): Promise<void> => {
    if (running < limits.active) {
      running += 1;
      return Promise.resolve();
    }
    if (queue.length >= limits.waiting) return Promise.reject(busy());
    return new Promise((resolve, reject) => {
      const turn = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        queue.splice(queue.indexOf(turn), 1);
        reject(busy());
      }, limits.maxWaitMs);
      queue.push(turn);
    });
  };

  return {
    async run(render) {
      await acquire();
      try {
        return await render();
      } finally {
        release();
      }
    },
    isSaturated: () => running >= limits.active && queue.length >= limits.waiting,
  };
}
