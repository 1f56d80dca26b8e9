import { z } from 'zod';
import { idParam, idSchema, pageParams, querySchema } from '../../shared/http/request-inputs';

export const ORDER_LIMITS = { linesMax: 20, quantityMax: 100 } as const;

const orderLine = z.strictObject({
  bookId: idSchema,
  quantity: z.int('must be a whole number').min(1).max(ORDER_LIMITS.quantityMax),
});

/** POST /api/v1/orders: a cart of 1–20 distinct books. */
export const placeOrderSchema = z.strictObject({
  items: z
    .array(orderLine)
    .min(1, 'must contain at least one line')
    .max(ORDER_LIMITS.linesMax, `must contain at most ${ORDER_LIMITS.linesMax} lines`)
    .superRefine((items, ctx) => {
      const seen = new Set<number>();
      items.forEach((item, index) => {
        if (seen.has(item.bookId)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'bookId'],
            message: 'appears in more than one line',
          });
        }
        seen.add(item.bookId);
      });
    }),
});
export type PlaceOrderInput = z.infer<typeof placeOrderSchema>;

/** Bodies of actions that take no fields (cancel): nothing, or an empty object. */
export const emptyBodySchema = z.strictObject({});

/** The Idempotency-Key header: printable ASCII, up to 255 characters. */
export const idempotencyKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** GET /api/v1/orders: a page of orders; an administrator may read another buyer's (`buyerId`). */
export const listOrdersQuerySchema = querySchema({ ...pageParams, buyerId: idParam.optional() });
