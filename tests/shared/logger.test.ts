import { DatabaseError } from 'sequelize';
import { statementFingerprint } from '../../shared/db/statement-fingerprint';
import { AppError } from '../../shared/errors/app-error';
import { createLogger } from '../../shared/logging/logger';

/** A logger at debug whose lines the test reads back. */
function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger(
    'debug',
    {},
    { destination: { write: (line: string) => void lines.push(line) } },
  );
  return { logger, text: () => lines.join('\n') };
}

/** A database error as Sequelize raises it from a driver's, with the statement and its values. */
function databaseError(sql: string, code: string, message: string): DatabaseError {
  const driverError = Object.assign(new Error(message), { code, sql, parameters: ['ana@x.co'] });
  return new DatabaseError(driverError);
}

describe('statement fingerprints', () => {
  test.each([
    [
      'mysql',
      "SELECT `id` FROM `users` WHERE `email` = 'ana@x.co' AND `n` = 42 LIMIT 1;",
      'SELECT `id` FROM `users` WHERE `email` = ? AND `n` = ? LIMIT ?;',
    ],
    ['mysql', "UPDATE `x` SET `a` = 'it\\'s', `b` = 'c''d'", 'UPDATE `x` SET `a` = ?, `b` = ?'],
    ['sqlite', "UPDATE `x` SET `a` = 'ends\\', `b` = 'secret'", 'UPDATE `x` SET `a` = ?, `b` = ?'],
    [
      'sqlite',
      'INSERT INTO `t1` (`a`,`b`) VALUES ($1,$2);',
      'INSERT INTO `t1` (`a`,`b`) VALUES ($1,$2);',
    ],
    ['mysql', "SELECT 'cut short secret", 'SELECT …'],
  ] as const)('when a %s statement is %s, then its fingerprint is %s', (dialect, sql, expected) => {
    expect(statementFingerprint(sql, dialect)).toBe(expected);
  });
});

describe('the logger', () => {
  test('when a database error is logged, then its class, code and fingerprint are, and no value', () => {
    const { logger, text } = capturedLogger();
    const error = databaseError(
      "INSERT INTO `users` (`email`) VALUES ('ana@x.co')",
      'ER_DUP_ENTRY',
      "Duplicate entry 'ana@x.co' for key 'email'",
    );

    logger.error({ err: error }, 'failed');

    expect(JSON.parse(text()).err).toEqual({
      type: 'SequelizeDatabaseError',
      code: 'ER_DUP_ENTRY',
      statement: 'INSERT INTO `users` (`email`) VALUES (?)',
      stack: expect.stringMatching(/^ {4}at /),
    });
  });

  test('when an error caused by a database error is logged, then the cause is summarised too', () => {
    const { logger, text } = capturedLogger();
    const cause = databaseError(
      "SELECT 1 WHERE `e` = 'ana@x.co'",
      'SQLITE_ERROR',
      "near 'ana@x.co'",
    );

    logger.warn({ err: new AppError('database-unavailable', 503, 'Retry.', { cause }) }, 'failed');

    expect(text()).not.toContain('ana@x.co');
    expect(JSON.parse(text()).err).toMatchObject({
      type: 'AppError',
      message: 'Retry.',
      cause: { type: 'SequelizeDatabaseError', statement: 'SELECT ? WHERE `e` = ?' },
    });
  });

  test('when personal fields are logged, then their values are redacted', () => {
    const { logger, text } = capturedLogger();

    logger.info(
      {
        email: 'ana@x.co',
        user: { name: 'Ana Gómez', passwordHash: 'scrypt$17$8$1$salt$key' },
        order: { shippingAddress: { line1: 'Calle 10' } },
        token: 'eyJhbGciOi',
      },
      'something happened',
    );

    for (const value of ['ana@x.co', 'Ana Gómez', 'scrypt$', 'Calle 10', 'eyJhbGciOi'])
      expect(text()).not.toContain(value);
  });
});
