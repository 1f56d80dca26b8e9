import { randomInt } from 'node:crypto';
import { METRICS_NAMESPACE } from '../../shared/logging/business-metrics';
import { unique } from '../support/factories';
import { LOGIN_LIMITS, startAuthFunction, type AuthFunction } from './auth-function';
import { captureLogs } from './log-capture';

/** The business metrics (name and value) among captured log lines, in order. */
function metricsIn(lines: Array<Record<string, unknown>>): Array<[string, unknown]> {
  return lines.flatMap((line) => {
    const emf = line._aws as
      { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] } | undefined;
    const directive = emf?.CloudWatchMetrics[0];
    const name = directive?.Metrics[0]?.Name;
    return directive?.Namespace === METRICS_NAMESPACE && name ? [[name, line[name]]] : [];
  });
}

describe('auth function business metrics (CloudWatch embedded metric format)', () => {
  let auth: AuthFunction;
  let lines: Array<Record<string, unknown>>;

  beforeAll(async () => {
    const capture = captureLogs();
    lines = capture.lines;
    auth = await startAuthFunction({ logger: capture.logger });
  });
  afterAll(() => auth.close());

  test('when an account is registered and logs in with the right and then a wrong password, then a registration, a login succeeded and a login failed are counted', async () => {
    const sourceIp = `192.0.2.${randomInt(1, 255)}`;
    const account = {
      name: 'Metric Reader',
      email: `${unique('metrics')}@example.test`,
      password: 'a long enough secret',
    };
    const from = lines.length;

    const credentials = { email: account.email, password: account.password };
    await auth.invoke({ method: 'POST', path: '/api/v1/auth/register', body: account, sourceIp });
    await auth.invoke({ method: 'POST', path: '/api/v1/auth/login', body: credentials, sourceIp });
    await auth.invoke({
      method: 'POST',
      path: '/api/v1/auth/login',
      body: { ...credentials, password: 'not the password' },
      sourceIp,
    });

    expect(metricsIn(lines.slice(from))).toEqual([
      ['Registrations', 1],
      ['LoginsSucceeded', 1],
      ['LoginsFailed', 1],
    ]);
  });

  test('when one address keeps failing on one account, then the refused attempts are counted as throttled logins', async () => {
    const sourceIp = `192.0.2.${randomInt(1, 255)}`;
    const body = { email: `${unique('nobody')}@example.test`, password: 'not the password' };
    const from = lines.length;

    for (let attempt = 0; attempt <= LOGIN_LIMITS.account; attempt += 1) {
      await auth.invoke({ method: 'POST', path: '/api/v1/auth/login', body, sourceIp });
    }

    expect(metricsIn(lines.slice(from))).toEqual([
      ...Array<[string, number]>(LOGIN_LIMITS.account).fill(['LoginsFailed', 1]),
      ['LoginsThrottled', 1],
    ]);
  });
});
