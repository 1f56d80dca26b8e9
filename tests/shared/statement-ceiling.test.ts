import { withStatementCeiling } from '../../shared/db/statement-ceiling';

describe('a read statement with a cost ceiling', () => {
  const select = 'SELECT b.id FROM books AS b WHERE b.deleted_at IS NULL LIMIT 21';

  test('when it is for MySQL/MariaDB, then MariaDB reads the ceiling from its executable comment and MySQL from the hint after SELECT', () => {
    expect(withStatementCeiling(select, 'mysql', 500)).toBe(
      '/*M! SET STATEMENT max_statement_time=0.5 FOR */ SELECT /*+ MAX_EXECUTION_TIME(500) */ b.id FROM books AS b WHERE b.deleted_at IS NULL LIMIT 21',
    );
  });

  test.each([
    [200, '0.2', '200'],
    [1500, '1.5', '1500'],
    [50, '0.05', '50'],
    [5000, '5', '5000'],
  ])(
    'when the ceiling is %p ms, then MariaDB gets %s seconds and MySQL %s milliseconds',
    (limitMs, seconds, milliseconds) => {
      const capped = withStatementCeiling(select, 'mysql', limitMs);

      expect(capped).toContain(`max_statement_time=${seconds} FOR */`);
      expect(capped).toContain(`MAX_EXECUTION_TIME(${milliseconds}) */`);
    },
  );

  test('when the statement already has an optimizer hint comment, then the ceiling joins it (MySQL reads one hint comment per query block)', () => {
    expect(withStatementCeiling('SELECT /*+ NO_ICP(b) */ b.id FROM books AS b', 'mysql', 500)).toBe(
      '/*M! SET STATEMENT max_statement_time=0.5 FOR */ SELECT /*+ MAX_EXECUTION_TIME(500) NO_ICP(b) */ b.id FROM books AS b',
    );
  });

  test('when it is for SQLite, then the statement goes as written (SQLite has no such ceiling)', () => {
    expect(withStatementCeiling(select, 'sqlite', 500)).toBe(select);
  });

  test('when no ceiling is given, then the statement goes as written', () => {
    expect(withStatementCeiling(select, 'mysql', undefined)).toBe(select);
  });

  test.each([
    ['an update', 'UPDATE books SET stock = 0', 500],
    ['a statement with a comment before SELECT', '/* x */ SELECT 1', 500],
    ['a ceiling of 0 (no ceiling at all to the server)', select, 0],
    ['a fractional ceiling', select, 0.5],
  ])('when it is %s, then it is refused rather than sent unbounded', (_case, sql, limitMs) => {
    expect(() => withStatementCeiling(sql, 'mysql', limitMs)).toThrow();
  });
});
