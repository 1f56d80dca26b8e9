import { describeStartupError } from '../db/describe-startup-error';

/**
 * Runs a command-line entry point: known start-up failures print one line and exit 1, anything
 * unexpected prints its stack (that one is a bug).
 */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(),
    (error: unknown) => {
      const message = describeStartupError(error);
      process.stderr.write(
        `error: ${message ?? (error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
      );
      process.exit(1);
    },
  );
}
