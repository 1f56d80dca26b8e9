import type { Logger } from '../../shared/logging/logger';

export interface PeriodicTask {
  /** Stops scheduling and waits for a run under way to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `work` every `intervalMs`, never two runs at once, logging failures instead of crashing:
 * a database hiccup must not take the relay or the sweeper down for good.
 */
export function startPeriodicTask(
  name: string,
  intervalMs: number,
  logger: Logger,
  work: () => Promise<unknown>,
): PeriodicTask {
  let running: Promise<void> | undefined;
  let stopped = false;

  const runOnce = (): Promise<void> => {
    running ??= work()
      .then(
        () => undefined,
        (error: unknown) =>
          logger.warn({ err: error, task: name }, 'background task failed; retrying next interval'),
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped) void runOnce();
  }, intervalMs);
  // A pending run must not keep a draining process alive on its own.
  timer.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
