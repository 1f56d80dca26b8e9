import type { Database } from '../../shared/db/create-database';
import { createLogger } from '../../shared/logging/logger';
import { startAuthFunction, type AuthFunction } from '../handlers/auth-function';
import { apiGatewayEvent, invokeHandler } from '../support/api-gateway-event';
import { usingMysql } from '../support/test-config';
import { unique } from '../support/factories';
import {
  ADDRESS_IN_CO,
  checkoutBody,
  createCaller,
  createSellerWithBook,
  startOriginTestApp,
  type OriginTestApp,
} from './origin-test-app';

// Values no other test uses: a trigger refuses the rows that carry them, so the statement that
// writes them fails inside the database with all of them bound as its parameters.
const ADDRESS = {
  ...ADDRESS_IN_CO,
  name: 'Ana Secreta Quintero',
  line1: 'Calle Secreta 77 # 12-34',
  city: 'Villa Escondida',
  postalCode: '770123',
};
const ACCOUNT = { name: 'Bruno Oculto', password: 'correct-horse-secret-9' };

/** A trigger that makes an INSERT into `table` fail when `column` holds `value`, on either database. */
async function refuseInsert(
  db: Database,
  name: string,
  table: string,
  column: string,
  value: string,
) {
  await db.sequelize.query(`DROP TRIGGER IF EXISTS ${name}`);
  await db.sequelize.query(
    usingMysql()
      ? `CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW BEGIN
           IF NEW.${column} = '${value}' THEN
             SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test';
           END IF;
         END`
      : // RAISE() would read as a unique-constraint failure (a 409 for a registration): a function
        // that fails at run time fails the statement as the database error it stands for.
        `CREATE TRIGGER ${name} BEFORE INSERT ON ${table} WHEN NEW.${column} = '${value}'
         BEGIN SELECT json('refused by the test'); END`,
  );
}

let logged: string[];
let harness: OriginTestApp;
let auth: AuthFunction;

beforeAll(async () => {
  logged = [];
  const logger = createLogger(
    'debug',
    {},
    { destination: { write: (line: string) => void logged.push(line) } },
  );
  harness = await startOriginTestApp({ logger });
  auth = await startAuthFunction({ db: harness.db, logger });
  await refuseInsert(harness.db, 'test_refuse_marked_order', 'orders', 'ship_line1', ADDRESS.line1);
  await refuseInsert(harness.db, 'test_refuse_marked_user', 'users', 'name', ACCOUNT.name);
});

afterAll(async () => {
  // The MariaDB run shares one database between files: the triggers go with this file.
  await harness.db.sequelize.query('DROP TRIGGER IF EXISTS test_refuse_marked_order');
  await harness.db.sequelize.query('DROP TRIGGER IF EXISTS test_refuse_marked_user');
  await harness.close();
});

/** The error lines logged since `from`, parsed. */
function errorLinesFrom(from: number): Array<{ err?: Record<string, unknown> }> {
  return logged
    .slice(from)
    .map((line) => JSON.parse(line) as { level: string; err?: Record<string, unknown> })
    .filter((line) => line.err !== undefined);
}

describe('a database error in the log', () => {
  test('when a checkout statement fails, then the log names the statement but holds none of the address', async () => {
    const { book } = await createSellerWithBook(harness);
    const buyer = await createCaller(harness);
    const from = logged.length;

    // Not sendJson: a 500 is no part of the API's contract, and this test provokes one.
    const response = await fetch(`${harness.baseUrl}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: buyer.authorization, 'content-type': 'application/json' },
      body: JSON.stringify(
        checkoutBody(harness, [{ bookId: book.id, quantity: 1 }], { shippingAddress: ADDRESS }),
      ),
    });
    await response.arrayBuffer();

    expect(response.status).toBe(500);
    const text = logged.slice(from).join('\n');
    for (const value of [ADDRESS.name, ADDRESS.line1, ADDRESS.city, ADDRESS.postalCode])
      expect(text).not.toContain(value);
    expect(errorLinesFrom(from)).toEqual([
      expect.objectContaining({
        err: expect.objectContaining({
          type: expect.stringMatching(/Error$/),
          code: expect.stringMatching(/^(SQLITE_ERROR|ER_SIGNAL_EXCEPTION)$/),
          statement: expect.stringMatching(/^INSERT INTO `?orders`? \(buyer_id/),
        }),
      }),
    ]);
  });

  test('when registering fails in the database, then the log holds neither the password, its hash, the e-mail nor the name', async () => {
    const email = `${unique('hidden')}@example.test`;
    const from = logged.length;

    const response = await invokeHandler(
      auth.handler,
      apiGatewayEvent({
        method: 'POST',
        path: '/api/v1/auth/register',
        body: { name: ACCOUNT.name, email, password: ACCOUNT.password },
      }),
      undefined,
      { outsideContract: 'a 500 is no part of the contract, and this test provokes one' },
    );

    expect(response.statusCode).toBe(500);
    const text = logged.slice(from).join('\n');
    for (const value of [ACCOUNT.password, ACCOUNT.name, email, 'scrypt$'])
      expect(text).not.toContain(value);
    expect(errorLinesFrom(from)).toEqual([
      expect.objectContaining({
        err: expect.objectContaining({ statement: expect.stringMatching(/^INSERT INTO `users`/) }),
      }),
    ]);
  });
});
