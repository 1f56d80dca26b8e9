import { Router, type RequestHandler } from 'express';
import { AppError } from '../../shared/errors/app-error';
import { parseInput } from '../../shared/http/parse-input';
import {
  decodeIdCursor,
  idPageAnswer,
  idPathParams,
  noQuery,
} from '../../shared/http/request-inputs';
import { loggerOf } from '../../shared/http/request-context';
import { principalOf } from '../../shared/http/require-auth';
import { recordMetric } from '../../shared/logging/business-metrics';
import { answerIdempotently } from '../http/idempotent-answer';
import type { OriginContext } from '../origin-context';
import { payOrderSchema } from '../../shared/api/payment-input-schema';
import { payOrder } from '../payments/pay-order';
import { cancelOrder } from './cancel-order';
import {
  emptyBodySchema,
  listOrdersQuerySchema,
  placeOrderSchema,
} from '../../shared/api/order-input-schemas';
import { orderErrors } from './order-errors';
import { placeOrder } from './place-order';
import { getOrder, listOrders } from './read-orders';
import type { OrderAnswer, OrderPage } from '../../shared/api/response-schemas';

/** Orders: checkout, history, cancel and payment. All need a signed-in caller. */
export function orderRoutes(ctx: OriginContext, authenticate: RequestHandler): Router {
  const router = Router();

  router.post('/orders', authenticate, async (req, res) => {
    const started = performance.now();
    parseInput(noQuery, req.query);
    const input = parseInput(placeOrderSchema, req.body);
    const buyerId = principalOf(res).userId;
    // Set by the transaction that placed the order (not by a replay), and only by its final attempt.
    let placed = false;
    const request = {
      req,
      res,
      userId: buyerId,
      fingerprint: input,
      outcomeUnknown: orderErrors.outcomeUnknown,
    };
    await answerIdempotently(ctx, request, async (tx) => {
      const order = await placeOrder(ctx, tx, buyerId, input);
      placed = true;
      return {
        status: 201,
        body: { order } satisfies OrderAnswer,
        location: `/api/v1/orders/${order.id}`,
      };
    });
    if (placed) {
      recordMetric(loggerOf(res), 'OrdersPlaced', 1);
      recordMetric(loggerOf(res), 'CheckoutLatency', performance.now() - started);
    }
  });

  router.get('/orders', authenticate, async (req, res) => {
    const { cursor, ...filters } = parseInput(listOrdersQuerySchema, req.query);
    const page = await listOrders(ctx, principalOf(res), {
      ...filters,
      beforeId: decodeIdCursor(cursor),
    });
    res.json(idPageAnswer(page) satisfies OrderPage);
  });

  router.get('/orders/:id', authenticate, async (req, res) => {
    const { id } = parseInput(idPathParams, req.params);
    parseInput(noQuery, req.query);
    const order = await getOrder(ctx, principalOf(res), id);
    res.json({ order } satisfies OrderAnswer);
  });

  router.post('/orders/:id/cancel', authenticate, async (req, res) => {
    const { id: orderId } = parseInput(idPathParams, req.params);
    parseInput(noQuery, req.query);
    parseInput(emptyBodySchema, req.body ?? {});
    const order = await cancelOrder(ctx, principalOf(res), orderId);
    res.json({ order } satisfies OrderAnswer);
  });

  router.post('/orders/:id/payment', authenticate, async (req, res) => {
    const { id: orderId } = parseInput(idPathParams, req.params);
    parseInput(noQuery, req.query);
    const input = parseInput(payOrderSchema, req.body);
    const order = await payOrder(ctx, principalOf(res), orderId, input).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'payment-declined') {
        recordMetric(loggerOf(res), 'PaymentsDeclined', 1);
      }
      throw error;
    });
    res.status(201).json({ order } satisfies OrderAnswer);
  });

  // Retired: clients built for the old flow learn where delivery went instead of getting a 404.
  router.post('/orders/:id/delivery', () => {
    throw new AppError(
      'delivery-route-retired',
      410,
      'Delivery is chosen at checkout (deliveryProviderId in POST /api/v1/orders) and booked when the order is paid.',
    );
  });

  return router;
}
