import type { DeliveryProviderRecord } from '../deliveries/delivery-repository';
import type { Tx } from '../../shared/db/repositories/unit-of-work';
import { invalidToken } from '../../shared/errors/app-error';
import { INTEGER_MAX } from '../../shared/http/request-inputs';
import { servesCountry } from '../../shared/domain/delivery-coverage';
import type { OriginContext } from '../origin-context';
import type { PlaceOrderInput } from '../../shared/api/order-input-schemas';
import { orderErrors } from './order-errors';
import { toOrderJson, type OrderJson } from './order-json';

/**
 * Checks out a cart in the caller's transaction: reserves every line's copies and records the order
 * (lines, address, the chosen delivery and its cost in the total) and its `order.placed` event; one
 * line that cannot be served refuses the whole order and nothing stays reserved. Refused (and
 * nothing written) when the provider does not deliver to the address or the buyer already holds the
 * most unpaid orders allowed.
 */
export async function placeOrder(
  ctx: OriginContext,
  tx: Tx,
  buyerId: number,
  input: PlaceOrderInput,
): Promise<OrderJson> {
  // The buyer's row lock serialises this buyer's checkouts, so counting and then inserting cannot
  // be raced past the cap by parallel requests. It must be the transaction's first read: on MySQL
  // (REPEATABLE READ) the first plain read fixes the snapshot, and a count taken from a snapshot
  // older than the lock would miss the orders committed while this one waited.
  if (!(await ctx.orders.lockBuyer(tx, buyerId)))
    throw invalidToken('Your account no longer exists.');
  const { country } = input.shippingAddress;
  const provider = await ctx.deliveries.findProvider(input.deliveryProviderId, tx);
  if (!provider || !servesCountry(provider.coverage, country, ctx.shopCountry)) {
    throw orderErrors.providerNotServing(input.deliveryProviderId, country);
  }
  const pending = await ctx.orders.countPending(tx, buyerId, ctx.now());
  if (pending >= ctx.maxPendingOrdersPerBuyer) {
    throw orderErrors.tooManyPending(ctx.maxPendingOrdersPerBuyer);
  }
  return reserveAndRecord(ctx, tx, buyerId, input, provider);
}

async function reserveAndRecord(
  ctx: OriginContext,
  tx: Tx,
  buyerId: number,
  input: PlaceOrderInput,
  provider: DeliveryProviderRecord,
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
  let subtotalCents = 0;
  const orderLines = lines.map((line) => {
    const book = books.get(line.bookId);
    if (!book) throw orderErrors.bookNotFound(line.index, line.bookId);
    if (book.sellerId === buyerId) throw orderErrors.ownBook(line.index, line.bookId);
    subtotalCents += book.priceCents * line.quantity;
    return {
      bookId: book.id,
      sellerId: book.sellerId,
      title: book.title,
      author: book.author,
      unitPriceCents: book.priceCents,
      quantity: line.quantity,
    };
  });
  const totalCents = subtotalCents + provider.costCents;
  // The orders.total_cents column is a signed 32-bit INTEGER.
  if (totalCents > INTEGER_MAX) throw orderErrors.totalTooLarge();
  const currency = books.values().next().value?.currency ?? 'USD';
  const expiresAt = new Date(ctx.now().getTime() + ctx.paymentTimeoutSeconds * 1000);
  const order = await ctx.orders.insert(tx, {
    buyerId,
    totalCents,
    delivery: {
      providerId: provider.id,
      providerName: provider.name,
      costCents: provider.costCents,
    },
    shippingAddress: input.shippingAddress,
    currency,
    expiresAt,
    lines: orderLines,
  });
  const orderId = order.id;
  await ctx.outbox.append(tx, {
    type: 'order.placed',
    aggregateType: 'order',
    aggregateId: orderId,
    payload: {
      orderId,
      buyerId,
      subtotalCents,
      deliveryCostCents: provider.costCents,
      totalCents,
      currency,
      deliveryProviderId: provider.id,
      shipToCountry: input.shippingAddress.country,
      expiresAt: expiresAt.toISOString(),
      lines: orderLines.map(({ bookId, quantity, unitPriceCents }) => ({
        bookId,
        quantity,
        unitPriceCents,
      })),
    },
  });
  return toOrderJson(order);
}
