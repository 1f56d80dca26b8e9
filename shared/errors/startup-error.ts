/** A start-up failure whose message says all an operator needs: printed as one line, no stack. */
export class StartupError extends Error {
  override name = 'StartupError';
}
