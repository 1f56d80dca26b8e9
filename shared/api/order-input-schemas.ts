import { z } from 'zod';
import { idParam, idSchema, pageParams, querySchema } from '../http/request-inputs';
import { requiredText, textInput } from '../http/text-input';
import { isCountryCode } from '../domain/country-codes';
import { ORDER_STATUSES } from '../domain/order-states';

/** A cart's limits (DESIGN.md): no more than one buyer plausibly needs, so no hoarding in one order. */
export const ORDER_LIMITS = { linesMax: 20, quantityMax: 10 } as const;

// Addresses keep the rule of every text input: they end up on the seller's shipping label, where an
// invisible or direction-changing character would mislead whoever reads it.
const addressText = (max: number) => requiredText().max(max, `must be at most ${max} characters`);

// Optional lines: left out, null or blank all mean "none", so a form can send what was left empty.
const optionalAddressText = (max: number) =>
  textInput()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((value) => value || null);

/** Where an order ships to; `country` is an ISO 3166-1 alpha-2 code such as CO. */
export const shippingAddressSchema = z.strictObject({
  name: addressText(100),
  line1: addressText(200),
  line2: optionalAddressText(200),
  city: addressText(100),
  region: optionalAddressText(100),
  postalCode: addressText(20).regex(
    /^[A-Za-z0-9][A-Za-z0-9 -]*$/,
    'must be letters, digits, spaces and hyphens',
  ),
  country: z
    .string()
    .refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code in capitals, such as CO'),
});

const orderLine = z.strictObject({
  bookId: idSchema,
  quantity: z.int('must be a whole number').min(1).max(ORDER_LIMITS.quantityMax),
});

/** POST /api/v1/orders: a cart of 1–20 distinct books, where it goes and who takes it there. */
export const placeOrderSchema = z.strictObject({
  shippingAddress: shippingAddressSchema,
  deliveryProviderId: idSchema,
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

/**
 * GET /api/v1/orders: a page of the caller's own orders, or with `scope=all` (administrators)
 * everyone's, optionally of one buyer. `status` filters either.
 */
export const listOrdersQuerySchema = querySchema({
  ...pageParams,
  scope: z.literal('all', 'must be all (or left out for your own orders)').optional(),
  status: z.enum(ORDER_STATUSES, `must be one of ${ORDER_STATUSES.join(', ')}`).optional(),
  buyerId: idParam.optional(),
}).refine((query) => query.buyerId === undefined || query.scope === 'all', {
  path: ['buyerId'],
  message: 'filters scope=all only',
});
export type ListOrdersQuery = z.infer<typeof listOrdersQuerySchema>;
