import { z } from 'zod';
import { BOOK_CONDITIONS } from '../domain/book-conditions';
import { DELIVERY_COVERAGES } from '../domain/delivery-coverage';
import { PAYMENT_METHODS } from '../domain/payment-methods';
import { USER_ROLES } from '../domain/user-roles';
import { ORDER_STATUSES } from '../domain/order-states';

// The success bodies of every route. The code that shapes an answer is typed from these schemas
// (`z.output<…>`), and the OpenAPI document is generated from them, so the two cannot drift. They
// describe what is sent; nothing parses an answer with them on the way out.

/** Every schema the document names, by its component name. */
export const responseSchemas = z.registry<{ id: string }>();

function named<Schema extends z.ZodType>(id: string, schema: Schema): Schema {
  responseSchemas.add(schema, { id });
  return schema;
}

const id = z.int().min(1);
const cents = z.int().min(0);
const instant = z.iso.datetime();
const currency = z.string().length(3);
/** An opaque position for the next page; null on the last page. */
const nextCursor = z.string().nullable();

function pageOf<Item extends z.ZodType>(items: Item) {
  return z.object({ items: z.array(items), nextCursor });
}

const coverUrl = z
  .string()
  .regex(/^\/covers\/[\w-]+\.webp$/)
  .nullable();

export const bookJsonSchema = named(
  'Book',
  z.object({
    id,
    sellerId: id,
    title: z.string(),
    author: z.string(),
    description: z.string(),
    isbn: z.string().nullable(),
    condition: z.enum(BOOK_CONDITIONS),
    category: z.string().nullable(),
    priceCents: cents,
    currency,
    stock: z.int().min(0),
    coverUrl: coverUrl.describe('The large cover (about 600 px wide), or null without a cover'),
    thumbnailUrl: coverUrl.describe('The thumbnail (about 200 px wide), or null without a cover'),
    createdAt: instant,
    updatedAt: instant,
  }),
);
/** A book as the API returns it (catalog reads and seller inventory alike). */
export type BookJson = z.output<typeof bookJsonSchema>;

export const catalogBookSchema = named(
  'CatalogBook',
  bookJsonSchema.extend({ sellerName: z.string() }),
);
/** A book as the public catalog shows it: the book and its seller's name. */
export type CatalogBook = z.output<typeof catalogBookSchema>;

export const bookAnswerSchema = named('BookAnswer', z.object({ book: bookJsonSchema }));
export const catalogBookAnswerSchema = named(
  'CatalogBookAnswer',
  z.object({ book: catalogBookSchema }),
);
export const bookPageSchema = named('BookPage', pageOf(bookJsonSchema));
export const catalogBookPageSchema = named('CatalogBookPage', pageOf(catalogBookSchema));
export type BookAnswer = z.output<typeof bookAnswerSchema>;
export type CatalogBookAnswer = z.output<typeof catalogBookAnswerSchema>;
export type BookPage = z.output<typeof bookPageSchema>;
export type CatalogBookPage = z.output<typeof catalogBookPageSchema>;

export const userJsonSchema = named(
  'User',
  z.object({
    id,
    name: z.string(),
    email: z.string().describe('Trimmed and lower-case'),
    role: z.enum(USER_ROLES),
    createdAt: instant,
  }),
);
/** A user as the API returns it: never a password hash. */
export type UserJson = z.output<typeof userJsonSchema>;

export const userAnswerSchema = named('UserAnswer', z.object({ user: userJsonSchema }));
export const userPageSchema = named('UserPage', pageOf(userJsonSchema));
export type UserAnswer = z.output<typeof userAnswerSchema>;
export type UserPage = z.output<typeof userPageSchema>;

export const sessionAnswerSchema = named(
  'Session',
  z.object({
    accessToken: z.string().describe('A JWT to send as `Authorization: Bearer <token>`'),
    tokenType: z.literal('Bearer'),
    expiresIn: z.int().min(1).describe('Seconds until the access token expires'),
    user: userJsonSchema,
  }),
);
export type SessionAnswer = z.output<typeof sessionAnswerSchema>;

export const jwksSchema = named(
  'JsonWebKeySet',
  z.object({
    keys: z.array(
      z.looseObject({
        kty: z.string(),
        kid: z.string(),
        alg: z.string(),
        use: z.literal('sig'),
      }),
    ),
  }),
);
export type JsonWebKeySetAnswer = z.output<typeof jwksSchema>;

export const deliveryProviderJsonSchema = named(
  'DeliveryProvider',
  z.object({
    id,
    name: z.string(),
    coverage: z
      .enum(DELIVERY_COVERAGES)
      .describe('national: within the shop country only; international: anywhere'),
    costCents: cents,
    currency,
  }),
);
/** A delivery provider as the catalog lists it. */
export type DeliveryProviderJson = z.output<typeof deliveryProviderJsonSchema>;

export const deliveryProviderListSchema = named(
  'DeliveryProviderList',
  z.object({
    items: z.array(deliveryProviderJsonSchema),
    nextCursor: z.null().describe('Always null: the list is short and fixed'),
  }),
);
export type DeliveryProviderList = z.output<typeof deliveryProviderListSchema>;

export const categoryJsonSchema = named(
  'Category',
  z.object({
    category: z.string().describe('As the first book listed in it spelled it'),
    bookCount: z.int().min(1).describe('Live (listed, not deleted) books in it, sold out or not'),
  }),
);
export type CategoryJson = z.output<typeof categoryJsonSchema>;

export const categoryListSchema = named(
  'CategoryList',
  z.object({
    items: z
      .array(categoryJsonSchema)
      .describe(
        'At most 100 categories, most books first; a category is matched ignoring case and accents',
      ),
  }),
);
export type CategoryList = z.output<typeof categoryListSchema>;

export const shippingAddressJsonSchema = named(
  'ShippingAddress',
  z.object({
    name: z.string(),
    line1: z.string(),
    line2: z.string().nullable(),
    city: z.string(),
    region: z.string().nullable(),
    postalCode: z.string(),
    country: z.string().length(2).describe('ISO 3166-1 alpha-2'),
  }),
);
export type ShippingAddressJson = z.output<typeof shippingAddressJsonSchema>;

export const orderJsonSchema = named(
  'Order',
  z.object({
    id,
    buyerId: id.describe("The user who placed it (administrators list everyone's orders)"),
    status: z.enum(ORDER_STATUSES),
    subtotalCents: cents,
    deliveryCostCents: cents,
    totalCents: cents.describe('subtotalCents + deliveryCostCents'),
    currency,
    expiresAt: instant.describe('When an unpaid order expires and its stock goes back'),
    createdAt: instant,
    updatedAt: instant,
    lines: z.array(
      z.object({
        bookId: id,
        title: z.string(),
        author: z.string(),
        unitPriceCents: cents,
        quantity: z.int().min(1),
        lineTotalCents: cents,
      }),
    ),
    shippingAddress: shippingAddressJsonSchema.nullable(),
    payment: z
      .object({
        method: z.enum(PAYMENT_METHODS),
        amountCents: cents,
        currency,
        status: z.literal('captured'),
        reference: z.string(),
        createdAt: instant,
      })
      .nullable(),
    delivery: z
      .object({
        providerId: id,
        providerName: z.string(),
        costCents: cents,
        trackingNumber: z.string().nullable().describe('Null until the order is paid'),
      })
      .nullable(),
  }),
);
/** An order as the API returns it. */
export type OrderJson = z.output<typeof orderJsonSchema>;

export const orderAnswerSchema = named('OrderAnswer', z.object({ order: orderJsonSchema }));
export const orderPageSchema = named('OrderPage', pageOf(orderJsonSchema));
export type OrderAnswer = z.output<typeof orderAnswerSchema>;
export type OrderPage = z.output<typeof orderPageSchema>;

export const saleJsonSchema = named(
  'Sale',
  z.object({
    orderId: id,
    orderStatus: z.enum(ORDER_STATUSES),
    bookId: id,
    title: z.string(),
    author: z.string(),
    quantity: z.int().min(1),
    unitPriceCents: cents,
    lineTotalCents: cents,
    currency,
    orderedAt: instant,
    paidAt: instant.nullable(),
    shippingAddress: shippingAddressJsonSchema
      .nullable()
      .describe('Where to ship, once the order is paid'),
    trackingNumber: z.string().nullable().describe('Once the order is paid'),
  }),
);
/** A sale as the seller sees it: never the buyer's email, and where to ship only once paid. */
export type SaleJson = z.output<typeof saleJsonSchema>;

export const salePageSchema = named('SalePage', pageOf(saleJsonSchema));
export type SalePage = z.output<typeof salePageSchema>;

export const healthAnswerSchema = named('Health', z.object({ status: z.literal('ok') }));
export const readyAnswerSchema = named('Readiness', z.object({ status: z.literal('ready') }));
export type HealthAnswer = z.output<typeof healthAnswerSchema>;
export type ReadyAnswer = z.output<typeof readyAnswerSchema>;

export const openApiDocumentSchema = named(
  'OpenApiDocument',
  z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }),
);
