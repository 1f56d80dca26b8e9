import type { Tx } from '../../shared/db/repositories/unit-of-work';
import { inTransaction } from '../../shared/db/repositories/unit-of-work';
import type {
  IdempotencyKeyOfUser,
  StoredIdempotentResponse,
} from '../../shared/db/repositories/idempotency-repository';
import { AppError } from '../../shared/errors/app-error';
import { toProblem } from '../../shared/errors/problem';
import { INTEGER_MAX } from '../../shared/http/request-inputs';
import type { OriginContext } from '../origin-context';
import type { PlaceOrderInput } from './order-input-schemas';
import { orderErrors } from './order-errors';
import { toOrderJson, type OrderJson } from './order-json';

const ORDERS_PATH = '/api/v1/orders';

/** An Idempotency-Key sent with the request, and a hash of what was asked under it. */
export interface IdempotencyRequest {
  key: string;
  requestHash: string;
}

export type PlaceOrderOutcome =
  | { kind: 'placed'; order: OrderJson }
  /** The stored first answer to this key, to send again as it was. */
  | { kind: 'replayed'; status: number; body: string };

/**
 * Checks out a cart: reserves every line's copies and records the order, its lines and its
 * `order.placed` event in one transaction; one line that cannot be served refuses the whole order and
 * nothing stays reserved. With an Idempotency-Key the first answer (order or refusal) is stored and
 * replayed to retries of the same request; the same key with another request is a 409.
 */
export async function placeOrder(
  ctx: OriginContext,
  buyerId: number,
  input: PlaceOrderInput,
  idempotency?: IdempotencyRequest,
): Promise<PlaceOrderOutcome> {
  const entry = idempotency && { userId: buyerId, ...idempotency };
  let result:
    | { kind: 'placed'; order: OrderJson }
    | { kind: 'existing'; stored: StoredIdempotentResponse | undefined };
  try {
    result = await inTransaction(ctx.db, async (tx) => {
      // Claiming the key first makes a concurrent request with the same key wait here until this
      // transaction ends, so two retries can never both place an order.
      if (entry && !(await ctx.idempotency.claim(tx, entry))) {
        return {
          kind: 'existing' as const,
          stored: await ctx.idempotency.find(tx, entry.userId, entry.key),
        };
      }
      const order = await reserveAndRecord(ctx, tx, buyerId, input);
      if (entry) await ctx.idempotency.complete(tx, entry, 201, JSON.stringify({ order }));
      return { kind: 'placed' as const, order };
    });
  } catch (error) {
    if (!entry || !(error instanceof AppError) || error.status >= 500) throw error;
    return rememberRefusal(ctx, entry, error);
  }
  if (result.kind === 'placed') return result;
  return replayStored(result.stored, idempotency?.requestHash);
}

function replayStored(
  stored: StoredIdempotentResponse | undefined,
  requestHash: string | undefined,
): PlaceOrderOutcome {
  if (!stored || stored.status === null || stored.body === null) throw orderErrors.keyInFlight();
  if (stored.requestHash !== requestHash) throw orderErrors.keyReused();
  return { kind: 'replayed', status: stored.status, body: stored.body };
}

/**
 * A refusal (out of stock, own book, …) is the key's first answer too, as with Stripe: it is stored
 * after the order's transaction rolled back. If another request with the key answered meanwhile,
 * that stored answer wins and is replayed instead.
 */
async function rememberRefusal(
  ctx: OriginContext,
  entry: IdempotencyKeyOfUser,
  refusal: AppError,
): Promise<PlaceOrderOutcome> {
  const body = JSON.stringify(toProblem(refusal, ORDERS_PATH));
  const earlier = await inTransaction(ctx.db, async (tx) => {
    if (await ctx.idempotency.claimCompleted(tx, entry, refusal.status, body)) return undefined;
    return ctx.idempotency.find(tx, entry.userId, entry.key);
  });
  if (earlier === undefined) throw refusal;
  return replayStored(earlier, entry.requestHash);
}

async function reserveAndRecord(
  ctx: OriginContext,
  tx: Tx,
  buyerId: number,
  input: PlaceOrderInput,
): Promise<OrderJson> {
  const lines = input.items.map((item, index) => ({ ...item, index }));
  // Rows are locked in ascending book id order whatever the cart's order, so two checkouts that
  // share books wait for each other instead of deadlocking.
  for (const line of [...lines].sort((a, b) => a.bookId - b.bookId)) {
    if (await ctx.books.reserve(tx, line.bookId, line.quantity)) continue;
    if (!(await ctx.books.isListed(tx, line.bookId)))
      throw orderErrors.bookNotFound(line.index, line.bookId);
    throw orderErrors.outOfStock(line.index, line.bookId);
  }
  // Read after reserving: the rows are now locked by this transaction, so these prices are current.
  const books = new Map(
    (
      await ctx.books.findForOrder(
        tx,
        lines.map((line) => line.bookId),
      )
    ).map((book) => [book.id, book]),
  );
  let totalCents = 0;
  const orderLines = lines.map((line) => {
    const book = books.get(line.bookId);
    if (!book) throw orderErrors.bookNotFound(line.index, line.bookId);
    if (book.sellerId === buyerId) throw orderErrors.ownBook(line.index, line.bookId);
    totalCents += book.priceCents * line.quantity;
    return {
      bookId: book.id,
      title: book.title,
      author: book.author,
      unitPriceCents: book.priceCents,
      quantity: line.quantity,
    };
  });
  // The orders.total_cents column is a signed 32-bit INTEGER.
  if (totalCents > INTEGER_MAX) throw orderErrors.totalTooLarge();
  const currency = books.values().next().value?.currency ?? 'USD';
  const expiresAt = new Date(ctx.now().getTime() + ctx.paymentTimeoutSeconds * 1000);
  const orderId = await ctx.orders.insert(tx, {
    buyerId,
    totalCents,
    currency,
    expiresAt,
    lines: orderLines,
  });
  await ctx.outbox.append(tx, {
    type: 'order.placed',
    aggregateType: 'order',
    aggregateId: orderId,
    payload: {
      orderId,
      buyerId,
      totalCents,
      currency,
      expiresAt: expiresAt.toISOString(),
      lines: orderLines.map(({ bookId, quantity, unitPriceCents }) => ({
        bookId,
        quantity,
        unitPriceCents,
      })),
    },
  });
  const order = await ctx.orders.find(orderId, tx);
  if (!order) throw new Error(`order ${orderId} vanished inside its own transaction`);
  return toOrderJson(order);
}
