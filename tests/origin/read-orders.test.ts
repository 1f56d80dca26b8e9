import request from 'supertest';
import {
  ADDRESS_IN_CO,
  createCaller,
  createSellerWithBook,
  payOrder,
  placeOrder,
  startOriginTestApp,
  type OriginTestApp,
} from './origin-test-app';

let harness: OriginTestApp;

beforeAll(async () => {
  harness = await startOriginTestApp();
});

afterAll(async () => {
  await harness.close();
});

describe('GET /api/v1/orders and /api/v1/orders/{id}', () => {
  test('when a buyer reads an order, then it has its lines, payment and delivery in the documented shape', async () => {
    const { book } = await createSellerWithBook(harness, { priceCents: 1500 });
    const buyer = await createCaller(harness);
    const placed = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 2 }]);
    await payOrder(harness, buyer, placed.id);

    const response = await request(harness.app)
      .get(`/api/v1/orders/${placed.id}`)
      .set('authorization', buyer.authorization);

    expect(response.status).toBe(200);
    expect(Object.keys(response.body.order).sort()).toEqual(
      [
        'buyerId',
        'createdAt',
        'currency',
        'delivery',
        'deliveryCostCents',
        'expiresAt',
        'id',
        'lines',
        'payment',
        'shippingAddress',
        'status',
        'subtotalCents',
        'totalCents',
        'updatedAt',
      ].sort(),
    );
    expect(response.body.order).toMatchObject({
      id: placed.id,
      status: 'delivery_assigned',
      subtotalCents: 3000,
      deliveryCostCents: 1500,
      totalCents: 4500,
      shippingAddress: { ...ADDRESS_IN_CO, line2: null },
      lines: [
        {
          bookId: book.id,
          title: book.title,
          author: book.author,
          unitPriceCents: 1500,
          quantity: 2,
          lineTotalCents: 3000,
        },
      ],
      payment: { method: 'paypal', amountCents: 4500, currency: 'USD', status: 'captured' },
      delivery: {
        providerName: 'Servientrega',
        costCents: 1500,
        trackingNumber: expect.stringMatching(/^SERVIENTREGA-/),
      },
    });
  });

  test('when a book is edited or deleted after the order, then the order keeps its history', async () => {
    const { seller, book } = await createSellerWithBook(harness, { priceCents: 1000 });
    const buyer = await createCaller(harness);
    const placed = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    await request(harness.app)
      .patch(`/api/v1/books/${book.id}`)
      .set('authorization', seller.authorization)
      .send({ title: 'Renamed', priceCents: 9999 });
    await request(harness.app)
      .delete(`/api/v1/books/${book.id}`)
      .set('authorization', seller.authorization);

    const response = await request(harness.app)
      .get(`/api/v1/orders/${placed.id}`)
      .set('authorization', buyer.authorization);

    expect(response.status).toBe(200);
    expect(response.body.order.lines).toEqual([
      {
        bookId: book.id,
        title: book.title,
        author: book.author,
        unitPriceCents: 1000,
        quantity: 1,
        lineTotalCents: 1000,
      },
    ]);
  });

  test("when a user reads another user's order, then it is a 404 like a missing one; an admin may read it", async () => {
    const { book } = await createSellerWithBook(harness);
    const buyer = await createCaller(harness);
    const stranger = await createCaller(harness);
    const admin = await createCaller(harness, 'admin');
    const placed = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);

    const byStranger = await request(harness.app)
      .get(`/api/v1/orders/${placed.id}`)
      .set('authorization', stranger.authorization);
    const missing = await request(harness.app)
      .get('/api/v1/orders/2000000000')
      .set('authorization', stranger.authorization);
    const byAdmin = await request(harness.app)
      .get(`/api/v1/orders/${placed.id}`)
      .set('authorization', admin.authorization);

    expect(byStranger.status).toBe(404);
    expect(byStranger.body.detail).toBe(missing.body.detail);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.order.id).toBe(placed.id);
  });

  test('when a buyer lists orders, then they get only their own, newest first, page by page', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 50 });
    const buyer = await createCaller(harness);
    const other = await createCaller(harness);
    const mine = [];
    for (let index = 0; index < 5; index += 1) {
      const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
      // Paid, so that the unpaid-orders cap leaves room for the next one.
      await payOrder(harness, buyer, order.id);
      mine.push(order);
    }
    await placeOrder(harness, other, [{ bookId: book.id, quantity: 1 }]);

    const first = await request(harness.app)
      .get('/api/v1/orders?limit=2')
      .set('authorization', buyer.authorization);
    const second = await request(harness.app)
      .get(`/api/v1/orders?limit=2&cursor=${first.body.nextCursor}`)
      .set('authorization', buyer.authorization);
    const third = await request(harness.app)
      .get(`/api/v1/orders?limit=2&cursor=${second.body.nextCursor}`)
      .set('authorization', buyer.authorization);

    const ids = [...first.body.items, ...second.body.items, ...third.body.items].map(
      (order: { id: number }) => order.id,
    );
    expect(ids).toEqual(mine.map((order) => order.id).reverse());
    expect(third.body.nextCursor).toBeNull();
    expect(first.body.items[0].lines).toHaveLength(1);
  });

  test("when an admin lists with scope=all, then they get every buyer's orders with whose they are, filtered by status and buyer", async () => {
    const { book } = await createSellerWithBook(harness, { stock: 20 });
    const [alice, bob] = [await createCaller(harness), await createCaller(harness)];
    const admin = await createCaller(harness, 'admin');
    const alicePaid = await placeOrder(harness, alice, [{ bookId: book.id, quantity: 1 }]);
    await payOrder(harness, alice, alicePaid.id);
    const alicePending = await placeOrder(harness, alice, [{ bookId: book.id, quantity: 1 }]);
    const bobPending = await placeOrder(harness, bob, [{ bookId: book.id, quantity: 1 }]);
    const list = (query: string) =>
      request(harness.app).get(`/api/v1/orders?${query}`).set('authorization', admin.authorization);
    const idsOf = (response: { body: { items: Array<{ id: number }> } }) =>
      response.body.items.map((order) => order.id);

    const all = await list('scope=all&limit=100');
    const alices = await list(`scope=all&buyerId=${alice.id}`);
    const pendingOfBob = await list(`scope=all&buyerId=${bob.id}&status=pending_payment`);
    const paidOfAlice = await list(`scope=all&buyerId=${alice.id}&status=delivery_assigned`);
    const own = await list('');

    expect(all.status).toBe(200);
    expect(idsOf(all)).toEqual(
      expect.arrayContaining([alicePaid.id, alicePending.id, bobPending.id]),
    );
    expect(idsOf(alices)).toEqual([alicePending.id, alicePaid.id]);
    expect(idsOf(pendingOfBob)).toEqual([bobPending.id]);
    expect(idsOf(paidOfAlice)).toEqual([alicePaid.id]);
    expect(idsOf(own)).toEqual([]);
    const buyerOf = (id: number) =>
      (all.body as { items: Array<{ id: number; buyerId: number }> }).items.find((o) => o.id === id)
        ?.buyerId;
    expect([buyerOf(alicePaid.id), buyerOf(bobPending.id)]).toEqual([alice.id, bob.id]);
  });

  test('when an admin pages through scope=all, then every order comes once', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 20 });
    const admin = await createCaller(harness, 'admin');
    const buyers = [await createCaller(harness), await createCaller(harness)];
    const placed = [];
    for (const buyer of buyers)
      for (let index = 0; index < 2; index += 1)
        placed.push(await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]));

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: number }>; nextCursor: string | null } } =
        await request(harness.app)
          .get(
            `/api/v1/orders?scope=all&status=pending_payment&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          )
          .set('authorization', admin.authorization);
      seen.push(...page.body.items.map((order) => order.id));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(seen).toEqual([...new Set(seen)]);
    expect(seen).toEqual(expect.arrayContaining(placed.map((order) => order.id)));
  });

  test('when a customer asks for scope=all, then it is a 403; filtering by buyer needs scope=all', async () => {
    const buyer = await createCaller(harness);

    const scopeAll = await request(harness.app)
      .get('/api/v1/orders?scope=all')
      .set('authorization', buyer.authorization);
    const byBuyer = await request(harness.app)
      .get(`/api/v1/orders?buyerId=${buyer.id}`)
      .set('authorization', buyer.authorization);
    const badScope = await request(harness.app)
      .get('/api/v1/orders?scope=everyone')
      .set('authorization', buyer.authorization);
    const badStatus = await request(harness.app)
      .get('/api/v1/orders?status=shipped')
      .set('authorization', buyer.authorization);

    expect(scopeAll.status).toBe(403);
    expect(scopeAll.body.type).toMatch(/forbidden$/);
    expect(byBuyer.status).toBe(400);
    expect(byBuyer.body.errors).toEqual([expect.objectContaining({ path: 'buyerId' })]);
    expect(badScope.status).toBe(400);
    expect(badScope.body.errors).toEqual([expect.objectContaining({ path: 'scope' })]);
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.errors).toEqual([expect.objectContaining({ path: 'status' })]);
  });

  test("when an admin was demoted after their token was issued, then scope=all and others' orders are refused", async () => {
    const { book } = await createSellerWithBook(harness);
    const buyer = await createCaller(harness);
    const demoted = await createCaller(harness, 'admin');
    const placed = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    await harness.db.models.User.update({ role: 'customer' }, { where: { id: demoted.id } });

    const scopeAll = await request(harness.app)
      .get('/api/v1/orders?scope=all')
      .set('authorization', demoted.authorization);
    const othersOrder = await request(harness.app)
      .get(`/api/v1/orders/${placed.id}`)
      .set('authorization', demoted.authorization);

    expect(scopeAll.status).toBe(403);
    expect(othersOrder.status).toBe(404);
  });

  test('when the list query is invalid, then it is a 400 naming the parameter', async () => {
    const buyer = await createCaller(harness);

    const badLimit = await request(harness.app)
      .get('/api/v1/orders?limit=0')
      .set('authorization', buyer.authorization);
    const hugeLimit = await request(harness.app)
      .get('/api/v1/orders?limit=101')
      .set('authorization', buyer.authorization);
    const badCursor = await request(harness.app)
      .get('/api/v1/orders?cursor=not-a-cursor')
      .set('authorization', buyer.authorization);
    const badId = await request(harness.app)
      .get('/api/v1/orders/1.5')
      .set('authorization', buyer.authorization);

    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors).toEqual([expect.objectContaining({ path: 'limit' })]);
    expect(hugeLimit.status).toBe(400);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors).toEqual([
      { path: 'cursor', message: 'is not a cursor from a previous page of this list' },
    ]);
    expect(badId.status).toBe(400);
  });

  test('when no or a bad token is sent, then it is a 401', async () => {
    const none = await request(harness.app).get('/api/v1/orders');
    const bad = await request(harness.app)
      .get('/api/v1/orders')
      .set('authorization', 'Bearer not.a.token');

    expect(none.status).toBe(401);
    expect(bad.status).toBe(401);
  });
});
