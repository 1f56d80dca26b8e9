import request from 'supertest';
import { assertConformsToContract } from './api-contract';

// The component tests of the apps (tests/origin, tests/handlers) hold every answer supertest receives
// against the OpenAPI document; tests elsewhere drive toy apps of their own and are left alone.
const COMPONENT_TESTS = /[\\/]tests[\\/](origin|handlers)[\\/]/;

interface ReceivedAnswer {
  status: number;
  headers: Record<string, string | undefined>;
  text?: string;
}

type Test = InstanceType<typeof request.Test>;
type Assert = (
  this: Test,
  error: Error | null,
  res: ReceivedAnswer | undefined,
  fn: unknown,
) => void;

/**
 * Makes every supertest request of a component test fail when its answer does not match the OpenAPI
 * document, as if the test had asserted it: the check runs where supertest runs its own `expect`s.
 */
export function checkSupertestAnswersAgainstContract(testPath: string): void {
  if (!COMPONENT_TESTS.test(testPath)) return;
  const prototype = request.Test.prototype as unknown as {
    assert: Assert;
    method: string;
    url: string;
  };
  const original = prototype.assert;
  prototype.assert = function assertWithContract(this: Test, error, res, fn) {
    if (res) {
      try {
        assertConformsToContract({
          method: this.method,
          path: new URL(this.url).pathname,
          status: res.status,
          contentType: res.headers['content-type'],
          body: res.text ?? '',
        });
      } catch (violation) {
        return original.call(this, violation as Error, undefined, fn);
      }
    }
    return original.call(this, error, res, fn);
  };
}
