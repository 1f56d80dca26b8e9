import type { z } from 'zod';
import type { loginBody, registerBody } from './auth-schemas';
import type { createBookSchema, updateBookSchema } from './book-input-schemas';
import type { emptyBodySchema, placeOrderSchema } from './order-input-schemas';
import type { payOrderSchema } from './payment-input-schema';
import { DEMO_ACCOUNTS } from '../db/seeds/demo-accounts';
import { generateBooks } from '../db/seeds/book-generator';
import type {
  BookAnswer,
  BookJson,
  BookPage,
  CatalogBook,
  CatalogBookAnswer,
  CatalogBookPage,
  CategoryList,
  DeliveryProviderList,
  HealthAnswer,
  JsonWebKeySetAnswer,
  OrderAnswer,
  OrderJson,
  OrderPage,
  ReadyAnswer,
  SalePage,
  SessionAnswer,
  UserAnswer,
  UserJson,
  UserPage,
} from './response-schemas';

// Examples for the OpenAPI document, typed by the schemas they illustrate (so a renamed field fails
// the typecheck) and validated against the document's own schemas by a test.

// The demo data `npm start` seeds into an empty database, so a request example runs as written
// there (a test runs each against freshly seeded demo data): the demo buyer signs in, orders the
// first demo book (id 1, listed by the demo seller, id 1) and ships it within the shop's own
// country with a national provider.
const [demoSeller, demoBuyer] = DEMO_ACCOUNTS;
const firstDemoBook = generateBooks(1)[0]!;
/** The id of the first demo book on a freshly seeded database. */
export const DEMO_BOOK_ID = 1;

const user: UserJson = {
  id: 2,
  name: demoBuyer!.name,
  email: demoBuyer!.email,
  role: 'customer',
  createdAt: '2026-11-02T14:05:09.000Z',
};

const book: BookJson = {
  ...firstDemoBook,
  id: DEMO_BOOK_ID,
  sellerId: 1,
  currency: 'USD',
  coverUrl: '/covers/9b2f4c1d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c.webp',
  thumbnailUrl: '/covers/1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6b7a8f9e0d1c2b.webp',
  createdAt: '2026-11-20T09:12:44.000Z',
  updatedAt: '2026-11-21T16:40:03.000Z',
};

const bookWithoutCover: BookJson = {
  ...book,
  id: 1016,
  title: 'El amor en los tiempos del cólera',
  author: 'Gabriel García Márquez',
  isbn: null,
  condition: 'like_new',
  priceCents: 1800,
  stock: 3,
  coverUrl: null,
  thumbnailUrl: null,
};

const catalogBook: CatalogBook = { ...book, sellerName: demoSeller!.name };

// Envia delivers within the shop's country (CO by default), where the example address is.
const ENVIA_ID = 3;

const shippingAddress = {
  name: 'Tomás Restrepo',
  line1: 'Carrera 7 # 71-21',
  line2: 'Apartamento 502',
  city: 'Bogotá',
  region: 'Cundinamarca',
  postalCode: '110231',
  country: 'CO',
};

const order: OrderJson = {
  id: 1,
  buyerId: user.id,
  status: 'pending_payment',
  subtotalCents: book.priceCents,
  deliveryCostCents: 2000,
  totalCents: book.priceCents + 2000,
  currency: 'USD',
  expiresAt: '2026-11-30T18:45:00.000Z',
  createdAt: '2026-11-30T18:30:00.000Z',
  updatedAt: '2026-11-30T18:30:00.000Z',
  lines: [
    {
      bookId: book.id,
      title: book.title,
      author: book.author,
      unitPriceCents: book.priceCents,
      quantity: 1,
      lineTotalCents: book.priceCents,
    },
  ],
  shippingAddress,
  payment: null,
  delivery: { providerId: ENVIA_ID, providerName: 'Envia', costCents: 2000, trackingNumber: null },
};

const paidOrder: OrderJson = {
  ...order,
  status: 'delivery_assigned',
  updatedAt: '2026-11-30T18:33:12.000Z',
  payment: {
    method: 'credit_card',
    amountCents: order.totalCents,
    currency: 'USD',
    status: 'captured',
    reference: 'pay_5f0c9e2b7a4d4e1f8c3b6a9d2e7f1c40',
    createdAt: '2026-11-30T18:33:12.000Z',
  },
  delivery: { ...order.delivery!, trackingNumber: 'ENVIA-7K3M9Q2XWD4T' },
};

/** Request body examples, by "METHOD /path". */
export const REQUEST_EXAMPLES: Record<string, unknown> = {
  'POST /api/v1/auth/register': {
    name: 'Rosa Vargas',
    email: 'rosa@example.com',
    password: 'correct horse battery staple',
  } satisfies z.input<typeof registerBody>,
  'POST /api/v1/auth/login': {
    email: demoBuyer!.email,
    password: demoBuyer!.password,
  } satisfies z.input<typeof loginBody>,
  // Actions that take nothing accept an empty object (or no body at all).
  'POST /api/v1/auth/refresh': {} satisfies z.input<typeof emptyBodySchema>,
  'POST /api/v1/auth/logout': {} satisfies z.input<typeof emptyBodySchema>,
  'POST /api/v1/orders/{id}/cancel': {} satisfies z.input<typeof emptyBodySchema>,
  'POST /api/v1/books': {
    title: 'Cien años de soledad',
    author: 'Gabriel García Márquez',
    description: 'First edition paperback; the spine is creased, every page is there.',
    isbn: '978-0-307-47472-8',
    condition: 'good',
    category: 'fiction',
    priceCents: 2450,
    stock: 1,
  } satisfies z.input<typeof createBookSchema>,
  'PATCH /api/v1/books/{id}': { priceCents: 1990, stock: 2 } satisfies z.input<
    typeof updateBookSchema
  >,
  'POST /api/v1/orders': {
    items: [{ bookId: book.id, quantity: 1 }],
    shippingAddress,
    deliveryProviderId: ENVIA_ID,
  } satisfies z.input<typeof placeOrderSchema>,
  'POST /api/v1/orders/{id}/payment': { method: 'credit_card' } satisfies z.input<
    typeof payOrderSchema
  >,
};

/** Success body examples, by "METHOD /path". */
export const RESPONSE_EXAMPLES: Record<string, unknown> = {
  'POST /api/v1/auth/register': { user } satisfies UserAnswer,
  'POST /api/v1/auth/login': {
    accessToken: 'eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl',
    tokenType: 'Bearer',
    expiresIn: 900,
    user,
  } satisfies SessionAnswer,
  'POST /api/v1/auth/refresh': {
    accessToken: 'eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiJ9.eyJzdWIiOiI0MiJ9.bmV3c2lnbmF0dXJl',
    tokenType: 'Bearer',
    expiresIn: 900,
    user,
  } satisfies SessionAnswer,
  'GET /api/v1/auth/me': { user } satisfies UserAnswer,
  'GET /api/v1/users': {
    items: [user, { ...user, id: 1, name: demoSeller!.name, email: demoSeller!.email }],
    nextCursor: 'eyJsYXN0SWQiOjF9',
  } satisfies UserPage,
  'GET /.well-known/jwks.json': {
    keys: [
      {
        kty: 'OKP',
        crv: 'Ed25519',
        x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
        kid: 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
        alg: 'EdDSA',
        use: 'sig',
      },
    ],
  } satisfies JsonWebKeySetAnswer,
  'GET /api/v1/books': {
    items: [catalogBook, { ...bookWithoutCover, sellerName: demoSeller!.name }],
    nextCursor:
      'eyJzb3J0IjoibmV3ZXN0IiwiY3JlYXRlZEF0IjoiMjAyNi0xMS0xOVQwODowMDowMC4wMDBaIiwiaWQiOjEwMTZ9',
  } satisfies CatalogBookPage,
  'GET /api/v1/books/{id}': { book: catalogBook } satisfies CatalogBookAnswer,
  'GET /api/v1/categories': {
    items: [
      { category: 'Fiction', bookCount: 1250 },
      { category: 'Poesía', bookCount: 310 },
    ],
  } satisfies CategoryList,
  'GET /api/v1/delivery-providers': {
    items: [
      { id: 4, name: 'Servientrega', coverage: 'national', costCents: 1500, currency: 'USD' },
      { id: ENVIA_ID, name: 'Envia', coverage: 'national', costCents: 2000, currency: 'USD' },
      { id: 2, name: 'FedEx', coverage: 'international', costCents: 4500, currency: 'USD' },
      { id: 1, name: 'DHL', coverage: 'international', costCents: 5000, currency: 'USD' },
    ],
    nextCursor: null,
  } satisfies DeliveryProviderList,
  'POST /api/v1/books': {
    book: { ...book, coverUrl: null, thumbnailUrl: null },
  } satisfies BookAnswer,
  'PATCH /api/v1/books/{id}': {
    book: { ...book, priceCents: 1990, stock: 2 },
  } satisfies BookAnswer,
  'PUT /api/v1/books/{id}/cover': { book } satisfies BookAnswer,
  'GET /api/v1/me/books': { items: [book, bookWithoutCover], nextCursor: null } satisfies BookPage,
  'GET /api/v1/me/sales': {
    items: [
      {
        orderId: paidOrder.id,
        orderStatus: paidOrder.status,
        bookId: book.id,
        title: book.title,
        author: book.author,
        quantity: 1,
        unitPriceCents: book.priceCents,
        lineTotalCents: book.priceCents,
        currency: 'USD',
        orderedAt: paidOrder.createdAt,
        paidAt: '2026-11-30T18:33:12.000Z',
        shippingAddress,
        trackingNumber: 'ENVIA-7K3M9Q2XWD4T',
      },
    ],
    nextCursor: null,
  } satisfies SalePage,
  'POST /api/v1/orders': { order } satisfies OrderAnswer,
  'GET /api/v1/orders': { items: [paidOrder], nextCursor: null } satisfies OrderPage,
  'GET /api/v1/orders/{id}': { order: paidOrder } satisfies OrderAnswer,
  'POST /api/v1/orders/{id}/cancel': {
    order: { ...order, status: 'cancelled', updatedAt: '2026-11-30T18:31:40.000Z' },
  } satisfies OrderAnswer,
  'POST /api/v1/orders/{id}/payment': { order: paidOrder } satisfies OrderAnswer,
  'GET /healthz': { status: 'ok' } satisfies HealthAnswer,
  'GET /readyz': { status: 'ready' } satisfies ReadyAnswer,
};

/** A problem as every error answers, here the invalid-input kind with its errors. */
export const PROBLEM_EXAMPLE = {
  type: 'https://bookstore.dev/problems/invalid-input',
  title: 'Bad Request',
  status: 400,
  detail: 'The request has invalid fields.',
  instance: '/api/v1/books',
  errors: [{ path: 'priceCents', message: 'must be a whole number of cents' }],
};
