import type { LambdaRuntime } from '../../handlers/lambda/lambda-runtime';
import type { LambdaHandler } from './api-gateway-event';

const HANDLER_MODULES = {
  auth: () => import('../../handlers/auth'),
  catalog: () => import('../../handlers/catalog'),
};

export interface ExportedLambdaHandler {
  handler: LambdaHandler;
  /** Closes the database the module built, as a reaped container's sockets close. */
  close(): Promise<void>;
}

/**
 * The exported handler of handlers/<name>.ts, imported as the Lambda runtime imports it: configured
 * through process.env, with its database built at module scope. A warm container keeps its pool for
 * a minute after the last use, which in a test run would hold MariaDB connections and keep jest's
 * in-band process alive for that minute after the last test, so the test closes it.
 */
export async function importExportedHandler(
  name: keyof typeof HANDLER_MODULES,
): Promise<ExportedLambdaHandler> {
  const runtimeModule = await import('../../handlers/lambda/lambda-runtime');
  const { createLambdaRuntime } = runtimeModule;
  const runtimes: LambdaRuntime[] = [];
  const spy = jest
    .spyOn(runtimeModule, 'createLambdaRuntime')
    .mockImplementation((...args: Parameters<typeof createLambdaRuntime>) => {
      const runtime = createLambdaRuntime(...args);
      runtimes.push(runtime);
      return runtime;
    });
  try {
    const { handler } = (await HANDLER_MODULES[name]()) as unknown as { handler: LambdaHandler };
    if (runtimes.length !== 1)
      throw new Error(`handlers/${name} was imported before; reset the modules first`);
    return {
      handler,
      close: async () => {
        await Promise.all(runtimes.map((runtime) => runtime.db.close()));
      },
    };
  } finally {
    spy.mockRestore();
  }
}
