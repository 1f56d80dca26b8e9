import { AppError } from '../../shared/errors/app-error';

/**
 * How many covers a process renders at once, and how many uploads may wait for a slot, for how
 * long. One render at a time: decoding the costliest picture the limits let through (a 40-megapixel
 * progressive JPEG, which libjpeg holds whole) takes about 120 MB and a core for 1-3 s; two at once
 * took an origin to 500 MB (bench:covers), past its 400 MB budget, and left a 2-vCPU instance no
 * core for its other requests. A render also holds one thread of libuv's pool, which token checks,
 * the SQLite driver and DNS share: the Dockerfile sets UV_THREADPOOL_SIZE=8, so the pool always
 * has seven for them. Eight uploads at once are served in turn; a ninth, or one that waited ten
 * seconds, gets a 503 to retry.
 */
export const RENDER_SLOT_LIMITS: RenderSlotLimits = { active: 1, waiting: 7, maxWaitMs: 10_000 };

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
