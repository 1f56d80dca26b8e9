import type { LambdaResponse } from '../support/api-gateway-event';

/** Asserts an RFC 9457 problem answer with a status and a problem type name. */
export function expectProblem(response: LambdaResponse, status: number, type: string): void {
  expect({ status: response.statusCode, contentType: response.headers['content-type'] }).toEqual({
    status,
    contentType: expect.stringMatching(/^application\/problem\+json/) as unknown,
  });
  expect(response.json).toMatchObject({
    status,
    type: expect.stringMatching(new RegExp(`/${type}$`)) as unknown,
  });
}

/** The paths of a 400 problem's invalid fields. */
export function invalidPaths(response: LambdaResponse): string[] {
  return ((response.json?.errors ?? []) as Array<{ path: string }>)
    .map((error) => error.path)
    .sort();
}
