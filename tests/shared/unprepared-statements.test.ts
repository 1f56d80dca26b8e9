import type { SQSRecord } from 'aws-lambda';
import { QueryTypes } from 'sequelize';
import { createLogEmailSender } from '../../handlers/notifications/email-sender';
import { createOrderEventsConsumer } from '../../handlers/notifications/order-events-consumer';
import { toEventMessage, type EventSink } from '../../origin/outbox/event-sink';
import { createOutboxRelay } from '../../origin/outbox/outbox-relay';
import type { OutboxEventRecord } from '../../origin/outbox/outbox-repository';
import { createLogger } from '../../shared/logging/logger';
import { createDatabase, type Database } from '../../shared/db/create-database';
import { inlineValues } from '../../shared/db/mysql-driver';
import { refreshCookieOf, startAuthFunction, type AuthFunction } from '../handlers/auth-function';
import {
  checkoutBody,
  createCaller,
  sendJson,
  startOriginTestApp,
  type OriginTestApp,
} from '../origin/origin-test-app';
import { unique } from '../support/factories';
import {
  startStatementRecorder,
  type StatementRecorder,
} from '../support/mysql-statement-recorder';
import { testConfig, usingMysql } from '../support/test-config';

/**
 * RDS Proxy pins a client session to one database connection for the rest of the session when
 * the client prepares a statement on the server (COM_STMT_PREPARE), and Sequelize 6 sends every
 * statement with bound parameters (Model.create, Model.update, bind:) through mysql2's `execute`,
 * which prepares. The MySQL driver of the data layer (shared/db/mysql-driver.ts) sends them as
 * text instead. The wire recorder counts the prepare packets every connection sends: exactly what
 * the server's Com_stmt_prepare counts, but for this file's connections only, so other test runs
 * on the same server cannot change the count.
 */
describe('the values of a statement sent as text', () => {
  const escape = (value: unknown) => `<${String(value)}>`;

  test('when placeholders sit beside quoted text, identifiers and comments, then only the real placeholders take values', () => {
    const sql = "SELECT ?, 'it''s ? \\' ?', \"?\", `a?b`, /* ? */ ? -- ?\nFROM t WHERE x = ?";

    expect(inlineValues(sql, [1, 2, 3], escape)).toBe(
      "SELECT <1>, 'it''s ? \\' ?', \"?\", `a?b`, /* ? */ <2> -- ?\nFROM t WHERE x = <3>",
    );
  });

  test('when the values and the placeholders do not match in number, then it refuses the statement', () => {
    expect(() => inlineValues('SELECT ?, ?', [1], escape)).toThrow(/more placeholders/);
    expect(() => inlineValues('SELECT ?', [1, 2], escape)).toThrow(/fewer placeholders/);
  });
});

if (usingMysql())
  describe('statements on MySQL are never prepared on the server', () => {
    let recorder: StatementRecorder;
    let db: Database;

    beforeAll(async () => {
      const { url } = testConfig().database;
      if (url.dialect !== 'mysql') throw new Error('MariaDB only');
      recorder = await startStatementRecorder({ host: url.host, port: url.port });
      db = createDatabase({
        url: { ...url, host: '127.0.0.1', port: recorder.port },
        pool: { kind: 'service', max: 10 },
        connectTimeoutMs: 5000,
        acquireTimeoutMs: 10000,
      });
    });

    afterAll(async () => {
      await db.close();
      await recorder.close();
    });

    test('when values that look like SQL are bound, then they are sent as text and stored exactly as given', async () => {
      // Arrange: a question mark inside a quoted literal must not be taken for a placeholder.
      const tricky = `it's a "book"? \\ back\\slash ?? \`tick\` ; -- not a comment \u0000 end`;
      const prepares = recorder.prepares;

      // Act
      const [row] = await db.sequelize.query<{ text: string; literal: string; n: null }>(
        "SELECT 'a ? inside a literal' AS literal, $1 AS text, $2 AS n",
        { bind: [tricky, null], type: QueryTypes.SELECT },
      );

      // Assert
      expect(row).toEqual({ literal: 'a ? inside a literal', text: tricky, n: null });
      expect(recorder.prepares - prepares).toBe(0);
    });

    test('when a user registers, logs in, refreshes, publishes a book, orders and pays another, and the order is relayed and e-mailed, then no statement is prepared', async () => {
      // Arrange: the auth function and the origin over the recorded connections.
      const auth: AuthFunction = await startAuthFunction({ db });
      const origin: OriginTestApp = await startOriginTestApp({ db });
      const prepares = recorder.prepares;
      const statements = recorder.statements.length;
      try {
        const password = 'a journey password';
        const email = `${unique('journey')}@example.com`;

        // Act: every write of the journey, through the real apps.
        const registered = await auth.invoke({
          method: 'POST',
          path: '/api/v1/auth/register',
          body: { name: 'Journey Reader', email, password },
        });
        const login = await auth.invoke({
          method: 'POST',
          path: '/api/v1/auth/login',
          body: { email, password },
        });
        const refreshed = await auth.invoke({
          method: 'POST',
          path: '/api/v1/auth/refresh',
          cookies: [`refresh_token=${refreshCookieOf(login) ?? ''}`],
        });
        const buyer = JSON.parse(login.body) as { user: { id: number } };
        const seller = (await createCaller(origin)).authorization;
        const published = await sendJson(origin, 'POST', '/api/v1/books', {
          authorization: seller,
          body: {
            title: 'The Name of the Rose',
            author: 'Umberto Eco',
            description: "A seller's question? Answered.",
            condition: 'good',
            priceCents: 1250,
            stock: 3,
          },
        });
        const buyerAuthorization = await origin.keys.bearer({
          id: buyer.user.id,
          role: 'customer',
        });
        const ordered = await sendJson(origin, 'POST', '/api/v1/orders', {
          authorization: buyerAuthorization,
          headers: { 'idempotency-key': unique('journey-order') },
          body: checkoutBody(origin, [{ bookId: published.body.book.id as number, quantity: 1 }]),
        });
        const orderId = ordered.body.order.id as number;
        const paid = await sendJson(origin, 'POST', `/api/v1/orders/${orderId}/payment`, {
          authorization: buyerAuthorization,
          body: { method: 'credit_card' },
        });
        // The origin's outbox relay publishes the order's events; the notifications function
        // e-mails the paid order (its claim of the event is a write too).
        const relayed: OutboxEventRecord[] = [];
        const capture: EventSink = {
          name: 'capture',
          publish: (events) => {
            relayed.push(...events);
            return Promise.resolve({ published: events.map((event) => event.id), failed: [] });
          },
        };
        const silent = createLogger('silent');
        await createOutboxRelay({
          db,
          outbox: origin.ctx.outbox,
          sink: capture,
          logger: silent,
        }).relayPending();
        const paidEvent = relayed.find(
          (event) => event.type === 'order.paid' && event.aggregateId === orderId,
        );
        const consume = createOrderEventsConsumer({
          db,
          logger: silent,
          sender: createLogEmailSender(silent),
        });
        const notified = await consume({
          Records: [
            {
              messageId: unique('journey-message'),
              body: JSON.stringify(paidEvent && toEventMessage(paidEvent)),
              attributes: { ApproximateReceiveCount: '1' },
            } as unknown as SQSRecord,
          ],
        });

        // Assert: the journey succeeded, its writes reached the server, and none was prepared.
        expect([registered, login, refreshed].map((response) => response.statusCode)).toEqual([
          201, 200, 200,
        ]);
        expect([published.status, ordered.status, paid.status]).toEqual([201, 201, 201]);
        expect(paidEvent).toBeDefined();
        expect(notified.batchItemFailures).toEqual([]);
        const sent = recorder.statements.slice(statements);
        expect(sent.filter((sql) => /^\s*INSERT/i.test(sql)).length).toBeGreaterThanOrEqual(6);
        expect(sent.some((sql) => /^\s*UPDATE/i.test(sql))).toBe(true);
        expect(recorder.prepares - prepares).toBe(0);
      } finally {
        await origin.close();
        await auth.close();
      }
    });
  });
