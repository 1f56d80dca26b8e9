import { randomInt } from 'node:crypto';
import { unique } from '../support/factories';
import { startAuthFunction, type AuthFunction } from './auth-function';
import { expectProblem } from './problem-assertions';

const PATH = '/api/v1/auth/register';
const LIMIT = 2;

/** What the cdn-guard authorizer hands API Gateway for a request that carried the CDN's secret. */
const PROVEN_BY_AUTHORIZER = { via: 'cloudfront' };

/** A CloudFront edge address: many viewers share it, so it must not be what the throttles count. */
const edgeAddress = () => `198.18.${randomInt(256)}.${randomInt(256)}`;
/** A viewer address of this test's own (the MariaDB run shares throttle rows between files). */
const viewerAddress = () => `203.0.${randomInt(113, 114)}.${randomInt(1, 255)}`;

describe('the client address the auth throttles count against', () => {
  let auth: AuthFunction;

  beforeAll(async () => {
    auth = await startAuthFunction({
      env: { REGISTRATION_THROTTLE_MAX_PER_CLIENT: String(LIMIT) },
    });
  });
  afterAll(() => auth.close());

  const register = (sourceIp: string, headers: Record<string, string>, proven: boolean) =>
    auth.invoke({
      method: 'POST',
      path: PATH,
      body: {
        name: 'Edge Viewer',
        email: `${unique('viewer')}@example.test`,
        password: 'a long enough secret',
      },
      sourceIp,
      headers,
      ...(proven ? { authorizerContext: PROVEN_BY_AUTHORIZER } : {}),
    });

  test('when the authorizer proved the request came through CloudFront, then each viewer address has its own allowance behind one edge address', async () => {
    const edge = edgeAddress();
    const statuses: number[] = [];

    for (let viewer = 0; viewer < LIMIT + 2; viewer += 1) {
      const response = await register(
        edge,
        { 'cloudfront-viewer-address': `${viewerAddress()}:${40000 + viewer}` },
        true,
      );
      statuses.push(response.statusCode);
    }

    expect(statuses).toEqual(Array(LIMIT + 2).fill(201));
  });

  test('when one proven viewer has used its allowance, then it gets a 429 whatever edge address it comes through', async () => {
    const viewer = `2001:db8::${randomInt(0xffff).toString(16)}`;
    for (let created = 0; created < LIMIT; created += 1) {
      const response = await register(
        edgeAddress(),
        { 'cloudfront-viewer-address': `${viewer}:443` },
        true,
      );
      expect(response.statusCode).toBe(201);
    }

    const refused = await register(
      edgeAddress(),
      { 'cloudfront-viewer-address': `${viewer}:443` },
      true,
    );

    expectProblem(refused, 429, 'too-many-registrations');
  });

  test('when a client forges CloudFront-Viewer-Address without the authorizer’s proof, then the header is ignored and the source address counts', async () => {
    const source = viewerAddress();
    for (let created = 0; created < LIMIT; created += 1) {
      const response = await register(
        source,
        { 'cloudfront-viewer-address': `${viewerAddress()}:1234` },
        false,
      );
      expect(response.statusCode).toBe(201);
    }

    const refused = await register(
      source,
      { 'cloudfront-viewer-address': `${viewerAddress()}:1234` },
      false,
    );

    expectProblem(refused, 429, 'too-many-registrations');
  });

  test('when the proof is there but the header is not an address, then the source address counts', async () => {
    const edge = edgeAddress();
    for (let created = 0; created < LIMIT; created += 1) {
      const response = await register(edge, { 'cloudfront-viewer-address': 'not-an-ip:80' }, true);
      expect(response.statusCode).toBe(201);
    }

    const refused = await register(edge, { 'cloudfront-viewer-address': 'not-an-ip:80' }, true);

    expectProblem(refused, 429, 'too-many-registrations');
  });
});
