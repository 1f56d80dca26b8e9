import { randomUUID } from 'node:crypto';
import { Op, QueryTypes } from 'sequelize';
import type { Database } from '../../shared/db/create-database';
import { inTransaction, type Tx } from '../../shared/db/repositories/unit-of-work';

/** The order events of DESIGN.md; each is written in the transaction of the change it reports. */
export const ORDER_EVENT_TYPES = [
  'order.placed',
  'order.paid',
  'order.cancelled',
  'order.expired',
  'delivery.assigned',
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

export interface NewOutboxEvent {
  type: OrderEventType;
  aggregateType: 'order';
  aggregateId: number;
  payload: Record<string, unknown>;
}

/** An event waiting in the outbox. */
export interface OutboxEventRecord {
  id: number;
  eventId: string;
  type: string;
  aggregateType: string;
  aggregateId: number;
  payload: string;
  attempts: number;
  createdAt: Date;
}

interface OutboxRow {
  id: number;
  event_id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: number;
  payload: string;
  attempts: number;
  created_at: Date | string;
}

const LAST_ERROR_MAX = 500;

const APPEND_SQL =
  'INSERT INTO outbox_events (event_id, type, aggregate_type, aggregate_id, payload, attempts,' +
  ' created_at) VALUES (?, ?, ?, ?, ?, 0, ?)';

/** The transactional outbox: append in the business transaction, claim and mark in the relay's. */
export function createOutboxRepository(db: Database) {
  const { OutboxEvent } = db.models;
  // MySQL 8 and MariaDB 10.6+ let concurrent relays skip each other's claimed rows instead of
  // queueing behind them. Sequelize's MySQL dialect drops `skipLocked`, hence the SQL text. SQLite has
  // no row locks: its IMMEDIATE transaction holds the database's write lock, so one relay runs at a time.
  const claimSql =
    db.dialect === 'mysql'
      ? 'SELECT * FROM outbox_events WHERE published_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED'
      : 'SELECT * FROM outbox_events WHERE published_at IS NULL ORDER BY id LIMIT :limit';

  return {
    /** Appends an event with a fresh, stable event id; returns that id. */
    async append(tx: Tx, event: NewOutboxEvent): Promise<string> {
      const eventId = randomUUID();
      // Written out: every order change appends, and the model's create costs more CPU than this.
      await db.sequelize.query(APPEND_SQL, {
        type: QueryTypes.INSERT,
        transaction: tx,
        replacements: [
          eventId,
          event.type,
          event.aggregateType,
          event.aggregateId,
          JSON.stringify(event.payload),
          new Date(),
        ],
      });
      return eventId;
    },

    /** Locks and returns up to `limit` unpublished events, oldest first, that no other relay holds. */
    async claimUnpublished(tx: Tx, limit: number): Promise<OutboxEventRecord[]> {
      const rows = await db.sequelize.query<OutboxRow>(claimSql, {
        replacements: { limit },
        type: QueryTypes.SELECT,
        transaction: tx,
      });
      return rows.map((row) => ({
        id: Number(row.id),
        eventId: row.event_id,
        type: row.type,
        aggregateType: row.aggregate_type,
        aggregateId: Number(row.aggregate_id),
        payload: row.payload,
        attempts: Number(row.attempts),
        createdAt: new Date(row.created_at),
      }));
    },

    /** Marks events as delivered to the queue. */
    async markPublished(tx: Tx, ids: number[], at: Date): Promise<void> {
      if (ids.length === 0) return;
      await OutboxEvent.update(
        {
          publishedAt: at,
          attempts: db.sequelize.literal('attempts + 1'),
          lastError: null,
        },
        { where: { id: ids }, transaction: tx },
      );
    },

    /** Records a failed attempt; the event stays unpublished and is tried again later. */
    async recordFailure(tx: Tx, id: number, error: string): Promise<void> {
      await OutboxEvent.update(
        {
          attempts: db.sequelize.literal('attempts + 1'),
          lastError: error.slice(0, LAST_ERROR_MAX),
        },
        { where: { id }, transaction: tx },
      );
    },

    /**
     * Deletes up to `limit` events published before `cutoff`; returns how many. An unpublished event
     * (null) never compares as earlier, so it stays until the relay has published it.
     *
     * It reads outbox_events_unpublished (published_at, id), where new events (null, the highest
     * id) are inserted right before the first published one. Under REPEATABLE READ this DELETE
     * would lock that gap and every order change's outbox insert would wait for it (seen on
     * MariaDB: an insert timed out behind an open prune); READ COMMITTED takes no gap locks.
     */
    async prunePublishedBefore(cutoff: Date, limit: number): Promise<number> {
      return inTransaction(
        db,
        (tx) =>
          OutboxEvent.destroy({
            where: { publishedAt: { [Op.lt]: cutoff } },
            limit,
            transaction: tx,
          }),
        { readCommitted: true },
      );
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
