import { Transaction } from 'sequelize';
import type { Database } from '../create-database';
import { isRetryableTransactionError } from '../database-errors';

/**
 * An open transaction. Repositories take it as an argument so that every statement of one unit of
 * work runs on the same connection (a statement without it would run on another pooled connection
 * and could wait forever on a lock its own transaction holds).
 */
export type Tx = Transaction;

export interface RetryPolicy {
  /** How many times the whole transaction may run in total. */
  attempts: number;
  /** Upper bound of the random pause before the second attempt; it doubles for each later one. */
  baseDelayMs: number;
}

export interface TransactionOptions {
  retry?: RetryPolicy;
  /**
   * MySQL only: READ COMMITTED instead of REPEATABLE READ, so locking reads take no gap locks
   * (a relay's claim must not block the inserts of new rows behind the ones it locked).
   */
  readCommitted?: boolean;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 15 };

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const sqliteWriters = new WeakMap<Database, Promise<void>>();

/**
 * SQLite has one writer at a time: its IMMEDIATE transactions would otherwise poll for the lock
 * (busy_timeout) with no fairness, and under a burst some would give up. Queueing this process's
 * transactions in order gives the same result without the polling.
 */
async function oneWriterAtATime<T>(db: Database, work: () => Promise<T>): Promise<T> {
  if (db.dialect !== 'sqlite') return work();
  const previous = sqliteWriters.get(db) ?? Promise.resolve();
  let release = () => {};
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  sqliteWriters.set(
    db,
    previous.then(() => mine),
  );
  await previous;
  try {
    return await work();
  } finally {
    release();
  }
}

/**
 * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. A lock
 * conflict (MySQL deadlock or lock wait time-out, busy SQLite) rolls back and runs the whole work
 * again after a random pause, a few times, so it never reaches a client; the random pause keeps two
 * conflicting transactions from colliding again in lock-step.
 */
export async function inTransaction<T>(
  db: Database,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const isolation =
    options.readCommitted && db.dialect === 'mysql'
      ? { isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED }
      : {};
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await oneWriterAtATime(db, () =>
        db.sequelize.transaction(isolation, (tx) => work(tx)),
      );
    } catch (error) {
      if (attempt >= retry.attempts || !isRetryableTransactionError(error)) throw error;
      await pause(Math.random() * retry.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}
