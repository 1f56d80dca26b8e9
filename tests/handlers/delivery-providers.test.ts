import {
  DELIVERY_PROVIDERS,
  seedDeliveryProviders,
} from '../../shared/db/seeds/delivery-providers';
import { startCatalogFunction, type CatalogFunction } from './catalog-function';
import { expectProblem } from './problem-assertions';

describe('GET /api/v1/delivery-providers', () => {
  let catalog: CatalogFunction;

  beforeAll(async () => {
    catalog = startCatalogFunction();
    await seedDeliveryProviders(catalog.db);
  });
  afterAll(() => catalog.close());

  test('when asked, then it lists the seeded providers with coverage and cost, cheapest first', async () => {
    const response = await catalog.invoke({ path: '/api/v1/delivery-providers' });

    expect(response.statusCode).toBe(200);
    expect(response.json.nextCursor).toBeNull();
    const items = response.json.items as Array<{ name: string; costCents: number }>;
    expect(items).toEqual(
      expect.arrayContaining(
        DELIVERY_PROVIDERS.map((provider) => ({
          id: expect.any(Number) as unknown,
          ...provider,
          currency: 'USD',
        })),
      ),
    );
    expect(items.map((item) => item.costCents)).toEqual(
      [...items.map((item) => item.costCents)].sort((a, b) => a - b),
    );
  });

  test('when asked for the shop country, then every provider serves it; abroad only the international ones', async () => {
    const names = async (country: string) => {
      const response = await catalog.invoke({
        path: `/api/v1/delivery-providers?country=${country}`,
      });
      expect(response.statusCode).toBe(200);
      return (response.json.items as Array<{ name: string }>).map((item) => item.name).sort();
    };

    expect(await names('CO')).toEqual(['DHL', 'Envia', 'FedEx', 'Servientrega']);
    expect(await names('US')).toEqual(['DHL', 'FedEx']);
    expect(await names('MX')).toEqual(['DHL', 'FedEx']);
  });

  test.each(['coverage=national', 'country=Colombia', 'country=co', 'country=EU', 'country='])(
    'when the query is %s, then it is a 400',
    async (query) => {
      const response = await catalog.invoke({ path: `/api/v1/delivery-providers?${query}` });

      expectProblem(response, 400, 'invalid-input');
    },
  );
});
