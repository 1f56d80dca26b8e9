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
    // On MariaDB other test files add providers of their own to the shared database: the seeded
    // ones are checked by name, every listed one by its coverage.
    const seeded = new Set(DELIVERY_PROVIDERS.map((provider) => provider.name));
    const listed = async (country: string) => {
      const response = await catalog.invoke({
        path: `/api/v1/delivery-providers?country=${country}`,
      });
      expect(response.statusCode).toBe(200);
      return response.json.items as Array<{ name: string; coverage: string }>;
    };
    const seededNames = (items: Array<{ name: string }>) =>
      items
        .map((item) => item.name)
        .filter((name) => seeded.has(name))
        .sort();

    const home = await listed('CO');
    const abroad = [...(await listed('US')), ...(await listed('MX'))];

    expect(seededNames(home)).toEqual(['DHL', 'Envia', 'FedEx', 'Servientrega']);
    expect(seededNames(await listed('US'))).toEqual(['DHL', 'FedEx']);
    expect(seededNames(await listed('MX'))).toEqual(['DHL', 'FedEx']);
    expect(abroad.every((item) => item.coverage === 'international')).toBe(true);
  });

  test.each(['coverage=national', 'country=Colombia', 'country=co', 'country=EU', 'country='])(
    'when the query is %s, then it is a 400',
    async (query) => {
      const response = await catalog.invoke({ path: `/api/v1/delivery-providers?${query}` });

      expectProblem(response, 400, 'invalid-input');
    },
  );
});
