import { formatForTerminal } from '../../shared/logging/terminal-log-format';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({
    level: 'info',
    time: '2026-12-07T21:04:31.512Z',
    pid: 7,
    service: 'origin',
    ...fields,
  });

describe('log lines at a terminal', () => {
  test('when an API request finishes, then it is one short line: time, service, method, path, status, duration', () => {
    const text = formatForTerminal(
      line({
        msg: 'request finished',
        requestId: 'c0ffee',
        method: 'GET',
        path: '/api/v1/books',
        status: 200,
        durationMs: 3.2,
      }),
    );

    expect(text).toBe('21:04:31 origin  GET /api/v1/books 200 3.2 ms');
  });

  test('when a static file, a cover or a health check is served, then no line is written', () => {
    for (const path of ['/', '/app/main.js', '/styles.css', '/covers/ab12.webp', '/readyz']) {
      const access = line({
        msg: 'request finished',
        method: 'GET',
        path,
        status: 200,
        durationMs: 1,
      });

      expect(formatForTerminal(access)).toBeUndefined();
    }
  });

  test('when a static file is missing, then its line is kept', () => {
    const access = line({
      msg: 'request finished',
      method: 'GET',
      path: '/nope.js',
      status: 404,
      durationMs: 1,
    });

    expect(formatForTerminal(access)).toBe('21:04:31 origin  GET /nope.js 404 1 ms');
  });

  test('when a warning carries fields and an error, then the level, the fields and the stack are shown', () => {
    const text = formatForTerminal(
      JSON.stringify({
        level: 'error',
        time: '2026-12-07T21:04:31.512Z',
        service: 'edge',
        msg: 'uncaught exception',
        port: 3000,
        err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at here' },
      }),
    );

    expect(text).toBe(
      '21:04:31 edge    ERROR uncaught exception port=3000 err=\nError: boom\n    at here',
    );
  });

  test('when a line is not JSON, then it is passed on as it is', () => {
    expect(formatForTerminal('plain text\n')).toBe('plain text');
  });
});
