import request from 'supertest';
import { seedDeliveryProviders } from '../../shared/db/seeds/delivery-providers';
import {
  createCaller,
  createSellerWithBook,
  eventsOf,
  payOrder,
  placeOrder,
  sendJson,
  startOriginTestApp,
  type Caller,
  type OriginTestApp,
} from './origin-test-app';

let harness: OriginTestApp;
let dhl: { id: number; costCents: number };

beforeAll(async () => {
  harness = await startOriginTestApp();
  await seedDeliveryProviders(harness.db);
  const provider = await harness.db.models.DeliveryProvider.findOne({ where: { name: 'DHL' } });
  dhl = { id: provider!.id, costCents: provider!.costCents };
});

afterAll(async () => {
  await harness.close();
});

async function paidOrder(buyer: Caller): Promise<number> {
  const { book } = await createSellerWithBook(harness);
  const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
  await payOrder(harness, buyer, order.id);
  return order.id;
}

const assign = (authorization: string, orderId: number, body: unknown) =>
  request(harness.app)
    .post(`/api/v1/orders/${orderId}/delivery`)
    .set('authorization', authorization)
    .send(body as object);

describe('POST /api/v1/orders/{id}/delivery', () => {
  test('when the buyer picks a provider for a paid order, then its cost and a tracking number are recorded and delivery.assigned is written', async () => {
    const buyer = await createCaller(harness);
    const orderId = await paidOrder(buyer);

    const response = await assign(buyer.authorization, orderId, { providerId: dhl.id });

    expect(response.status).toBe(201);
    expect(response.body.order).toMatchObject({
      status: 'delivery_assigned',
      delivery: {
        providerId: dhl.id,
        providerName: 'DHL',
        coverage: 'international',
        costCents: dhl.costCents,
        currency: 'USD',
        trackingNumber: expect.stringMatching(/^DHL-[2-9A-HJ-NP-Z]{12}$/),
      },
    });
    expect((await eventsOf(harness.db, orderId)).map((event) => event.type)).toEqual([
      'order.placed',
      'order.paid',
      'delivery.assigned',
    ]);
  });

  test('when the order is not paid yet, then it is a 409 and no delivery is recorded', async () => {
    const { book } = await createSellerWithBook(harness);
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);

    const response = await assign(buyer.authorization, order.id, { providerId: dhl.id });

    expect(response.status).toBe(409);
    expect(response.body.detail).toBe(
      'This order is pending payment and cannot be given a delivery.',
    );
    expect(await harness.db.models.Delivery.count({ where: { orderId: order.id } })).toBe(0);
  });

  test('when a delivery is already assigned, then a second one is a 409', async () => {
    const buyer = await createCaller(harness);
    const orderId = await paidOrder(buyer);
    await assign(buyer.authorization, orderId, { providerId: dhl.id });

    const again = await assign(buyer.authorization, orderId, { providerId: dhl.id });

    expect(again.status).toBe(409);
    expect(await harness.db.models.Delivery.count({ where: { orderId } })).toBe(1);
  });

  test('when the provider does not exist, then it is a 404 naming providerId and the order stays paid', async () => {
    const buyer = await createCaller(harness);
    const orderId = await paidOrder(buyer);

    const response = await assign(buyer.authorization, orderId, { providerId: 999_999 });

    expect(response.status).toBe(404);
    expect(response.body.errors).toEqual([
      { path: 'providerId', message: 'is not a delivery provider' },
    ]);
    expect((await harness.db.models.Order.findByPk(orderId))?.status).toBe('paid');
  });

  test('when the provider id is missing or not an integer, or the body sends a cost, then it is a 400', async () => {
    const buyer = await createCaller(harness);
    const orderId = await paidOrder(buyer);

    const missing = await assign(buyer.authorization, orderId, {});
    const text = await assign(buyer.authorization, orderId, { providerId: 'dhl' });
    const withCost = await assign(buyer.authorization, orderId, {
      providerId: dhl.id,
      costCents: 0,
    });

    expect(missing.status).toBe(400);
    expect(text.status).toBe(400);
    expect(withCost.status).toBe(400);
    expect(withCost.body.errors).toEqual([
      { path: 'costCents', message: 'is not an accepted field' },
    ]);
  });

  test("when someone assigns delivery to another user's order, then it is a 404 and nothing changes", async () => {
    const buyer = await createCaller(harness);
    const stranger = await createCaller(harness);
    const orderId = await paidOrder(buyer);

    const response = await assign(stranger.authorization, orderId, { providerId: dhl.id });

    expect(response.status).toBe(404);
    expect((await harness.db.models.Order.findByPk(orderId))?.status).toBe('paid');
    expect(await harness.db.models.Delivery.count({ where: { orderId } })).toBe(0);
  });

  test('when two deliveries of one order are requested at once, then exactly one is recorded', async () => {
    const buyer = await createCaller(harness);
    const orderId = await paidOrder(buyer);

    const responses = await Promise.all(
      Array.from({ length: 4 }, () =>
        sendJson(harness, 'POST', `/api/v1/orders/${orderId}/delivery`, {
          authorization: buyer.authorization,
          body: { providerId: dhl.id },
        }),
      ),
    );

    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await harness.db.models.Delivery.count({ where: { orderId } })).toBe(1);
  });
});
