import type { MigrationContext } from '../migrator';

/** As in 0010: an ALTER queued behind a long transaction would hold up every later read of books. */
const METADATA_LOCK_WAIT_SECONDS = 10;

/**
 * MySQL/MariaDB: a FULLTEXT index over the folded title alone. A search by relevance lists the
 * books whose title holds every word first; reading them from 0010's index over title and author
 * would gather every author match too, so a word common among authors and absent from titles
 * ("lispector") would cost seconds. Stop words off for the session that builds it, as in 0010.
 * books already has InnoDB's FTS_DOC_ID (0010), so this builds the index without rebuilding the
 * table: reads go on, writes to books wait (LOCK=SHARED), about 7 s at a million books here
 * (docs/database.md, "Migrations on a large catalog").
 *
 * SQLite: nothing to build; FTS5's books_search (0010) already looks a word up in one column.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  const { sequelize } = queryInterface;
  if (sequelize.getDialect() !== 'mysql') return;
  await sequelize.transaction(async (transaction) => {
    const run = (sql: string) => sequelize.query(sql, { transaction });
    await run(`SET SESSION lock_wait_timeout = ${METADATA_LOCK_WAIT_SECONDS}`);
    await run('SET SESSION innodb_ft_enable_stopword = OFF');
    await run(
      'ALTER TABLE books ADD FULLTEXT INDEX books_title_words (title_search), ALGORITHM=INPLACE, LOCK=SHARED',
    );
  });
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  if (queryInterface.sequelize.getDialect() !== 'mysql') return;
  await queryInterface.removeIndex('books', 'books_title_words');
}
