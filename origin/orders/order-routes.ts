import { Router, type RequestHandler, type Response } from 'express';
import { AppError, invalidInput } from '../../shared/errors/app-error';
import { PROBLEM_CONTENT_TYPE } from '../../shared/errors/problem';
import { parseInput } from '../../shared/http/parse-input';
import { loggerOf } from '../../shared/http/request-context';
import {
  decodeIdCursor,
  encodeIdCursor,
  idPathParams,
  noQuery,
} from '../../shared/http/request-inputs';
import { principalOf } from '../../shared/http/require-auth';
import { recordMetric } from '../../shared/logging/business-metrics';
import { assignDeliverySchema } from '../deliveries/delivery-input-schema';
import { assignDelivery } from '../deliveries/assign-delivery';
import { personalAnswer } from '../http/personal-answer';
import type { OriginContext } from '../origin-context';
import { payOrderSchema } from '../payments/payment-input-schema';
import { payOrder } from '../payments/pay-order';
import { cancelOrder } from './cancel-order';
import {
  emptyBodySchema,
  idempotencyKeySchema,
  listOrdersQuerySchema,
  placeOrderSchema,
} from './order-input-schemas';
import { placeOrder, type IdempotencyRequest } from './place-order';
import { getOrder, listOrders } from './read-orders';
import { requestHash } from './request-hash';

function idempotencyOf(header: string | undefined, body: unknown): IdempotencyRequest | undefined {
  if (header === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(header);
  if (!parsed.success) {
    throw invalidInput([
      { path: 'Idempotency-Key', message: parsed.error.issues[0]?.message ?? 'is not valid' },
    ]);
  }
  return { key: parsed.data, requestHash: requestHash('POST', '/api/v1/orders', body) };
}

function sendReplay(res: Response, status: number, body: string): void {
  res
    .status(status)
    .set('Idempotent-Replayed', 'true')
    .type(status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json')
    .send(body);
}

/** Orders: checkout, history, cancel, payment and delivery. All need a signed-in caller. */
export function orderRoutes(ctx: OriginContext, authenticate: RequestHandler): Router {
  const router = Router();

  router.post('/orders', authenticate, async (req, res) => {
    const started = performance.now();
    parseInput(noQuery, req.query);
    const input = parseInput(placeOrderSchema, req.body);
    const idempotency = idempotencyOf(req.get('idempotency-key'), input);
    const outcome = await placeOrder(ctx, principalOf(res).userId, input, idempotency);
    if (outcome.kind === 'replayed') return sendReplay(res, outcome.status, outcome.body);
    recordMetric(loggerOf(res), 'OrdersPlaced', 1);
    recordMetric(loggerOf(res), 'CheckoutLatency', performance.now() - started);
    res.status(201).location(`/api/v1/orders/${outcome.order.id}`).json({ order: outcome.order });
  });

  router.get('/orders', personalAnswer, authenticate, async (req, res) => {
    const { buyerId, limit, cursor } = parseInput(listOrdersQuerySchema, req.query);
    const { items, lastId, hasMore } = await listOrders(ctx, principalOf(res), {
      buyerId,
      limit,
      beforeId: decodeIdCursor(cursor),
    });
    res.json({ items, nextCursor: encodeIdCursor(hasMore ? lastId : undefined) });
  });

  router.get('/orders/:id', personalAnswer, authenticate, async (req, res) => {
    const { id } = parseInput(idPathParams, req.params);
    parseInput(noQuery, req.query);
    const order = await getOrder(ctx, principalOf(res), id);
    res.json({ order });
  });

  router.post('/orders/:id/cancel', authenticate, async (req, res) => {
    const { id: orderId } = parseInput(idPathParams, req.params);
    parseInput(noQuery, req.query);
    parseInput(emptyBodySchema, req.body ?? {});
    const order = await cancelOrder(ctx, principalOf(res), orderId);
    res.json({ order });
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
    res.status(201).json({ order });
  });

  router.post('/orders/:id/delivery', authenticate, async (req, res) => {
    const { id: orderId } = parseInput(idPathParams, req.params);
    parseInput(noQuery, req.query);
    const input = parseInput(assignDeliverySchema, req.body);
    const order = await assignDelivery(ctx, principalOf(res), orderId, input);
    res.status(201).json({ order });
  });

  return router;
}
