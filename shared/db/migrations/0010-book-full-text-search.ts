import { QueryTypes, type Sequelize } from 'sequelize';
import type { MigrationContext } from '../migrator';
import { FOLDED_LETTERS, SEARCH_TEXT_MAX, searchTextOf } from '../search-text';

// Ids read per statement: the rows among them that need rewriting are few.
const SCAN_BATCH = 10_000;

/**
 * How long the MySQL index builds below wait for the books table's metadata lock. An ALTER queued
 * behind a long transaction would make every later read of books queue behind it: failing after a
 * few seconds (the deploy is rerun) is safer than a catalog that stops answering.
 */
const METADATA_LOCK_WAIT_SECONDS = 10;

/**
 * Full-text search of the catalog on the database's own index, over the folded title and author
 * (the search columns of 0005): a word of a query is looked up in the index instead of scanning
 * every book with INSTR.
 *
 * MySQL/MariaDB: one InnoDB FULLTEXT index over title and author. Stop words are switched off for
 * the session that builds it: InnoDB stores that choice with the index, so "the" or "about" are
 * indexed like any word. Words under innodb_ft_min_token_size (3, a read-only server setting) are
 * never indexed; the catalog matches them on the rows the longer words found. The first FULLTEXT
 * index rebuilds the table in place (a hidden FTS_DOC_ID column) under LOCK=SHARED: reads go on,
 * writes to books (stock reservations included) wait until the build ends, about 40 s at a million
 * books on a 2-core machine (README, "Migrations on a large catalog").
 *
 * SQLite: an FTS5 table over the same columns with books as its external content, kept in step by
 * triggers; its tokenizer splits words where InnoDB does (underscores are part of a word).
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  const { sequelize } = queryInterface;
  await refoldWrittenOutLetters(sequelize);
  if (sequelize.getDialect() === 'mysql') {
    // One connection for the session settings and the statements they are meant for.
    await sequelize.transaction(async (transaction) => {
      const run = (sql: string) => sequelize.query(sql, { transaction });
      await run(`SET SESSION lock_wait_timeout = ${METADATA_LOCK_WAIT_SECONDS}`);
      await run('SET SESSION innodb_ft_enable_stopword = OFF');
      await run(
        'ALTER TABLE books ADD FULLTEXT INDEX books_search_words (title_search, author_search), ALGORITHM=INPLACE, LOCK=SHARED',
      );
    });
    return;
  }
  await sequelize.query(
    `CREATE VIRTUAL TABLE books_search USING fts5(title_search, author_search, content='books', content_rowid='id', tokenize="unicode61 remove_diacritics 0 tokenchars '_'")`,
  );
  await sequelize.query(`INSERT INTO books_search(books_search) VALUES ('rebuild')`);
  await sequelize.query(`CREATE TRIGGER books_search_insert AFTER INSERT ON books BEGIN
    INSERT INTO books_search(rowid, title_search, author_search) VALUES (new.id, new.title_search, new.author_search);
  END`);
  // An external-content FTS5 table forgets a row by being told the text it indexed.
  await sequelize.query(`CREATE TRIGGER books_search_delete AFTER DELETE ON books BEGIN
    INSERT INTO books_search(books_search, rowid, title_search, author_search) VALUES ('delete', old.id, old.title_search, old.author_search);
  END`);
  await sequelize.query(`CREATE TRIGGER books_search_update AFTER UPDATE OF title_search, author_search ON books BEGIN
    INSERT INTO books_search(books_search, rowid, title_search, author_search) VALUES ('delete', old.id, old.title_search, old.author_search);
    INSERT INTO books_search(rowid, title_search, author_search) VALUES (new.id, new.title_search, new.author_search);
  END`);
}

/**
 * Rewrites the search columns that hold a letter search-text.ts now writes out (ß, œ), before the
 * indexes are built. One pass over the table in keyset batches of ids; only such rows are updated.
 */
async function refoldWrittenOutLetters(sequelize: Sequelize): Promise<void> {
  // Compared byte for byte: MySQL's collation would also take "ss" for "ß".
  const binary = sequelize.getDialect() === 'mysql' ? ' COLLATE utf8mb4_bin' : '';
  const holds = Object.keys(FOLDED_LETTERS)
    .flatMap((letter) =>
      ['title_search', 'author_search', 'category_search'].map(
        (column) => `${column}${binary} LIKE ${sequelize.escape(`%${letter}%`)}`,
      ),
    )
    .join(' OR ');
  let lastId = 0;
  for (;;) {
    const ids = await sequelize.query<{ id: number }>(
      'SELECT id FROM books WHERE id > ? ORDER BY id LIMIT ?',
      { replacements: [lastId, SCAN_BATCH], type: QueryTypes.SELECT },
    );
    const last = ids.at(-1);
    if (!last) break;
    const rows = await sequelize.query<{
      id: number;
      title: string;
      author: string;
      category: string | null;
    }>(`SELECT id, title, author, category FROM books WHERE id > ? AND id <= ? AND (${holds})`, {
      replacements: [lastId, last.id],
      type: QueryTypes.SELECT,
    });
    for (const row of rows) {
      await sequelize.query(
        'UPDATE books SET title_search = ?, author_search = ?, category_search = ? WHERE id = ?',
        {
          replacements: [
            searchTextOf(row.title).slice(0, SEARCH_TEXT_MAX.title),
            searchTextOf(row.author).slice(0, SEARCH_TEXT_MAX.author),
            row.category === null
              ? null
              : searchTextOf(row.category).slice(0, SEARCH_TEXT_MAX.category),
            row.id,
          ],
        },
      );
    }
    lastId = last.id;
  }
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  const { sequelize } = queryInterface;
  if (sequelize.getDialect() === 'mysql') {
    await queryInterface.removeIndex('books', 'books_search_words');
    return;
  }
  for (const trigger of ['books_search_insert', 'books_search_delete', 'books_search_update'])
    await sequelize.query(`DROP TRIGGER ${trigger}`);
  await sequelize.query('DROP TABLE books_search');
}
