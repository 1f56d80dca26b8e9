import { ConfigError, loadConfig } from '../../shared/config';

describe('configuration from the environment', () => {
  test('when nothing is set, then it runs on the embedded SQLite file', () => {
    const config = loadConfig({});

    expect(config.database.url).toEqual({ dialect: 'sqlite', storage: 'data/bookstore.sqlite' });
    expect(config.env).toBe('development');
    expect(config.jwt.accessTokenTtlSeconds).toBe(900);
  });

  test('when DATABASE_URL is a MySQL URL, then its parts are decoded', () => {
    const config = loadConfig({ DATABASE_URL: 'mysql://shop:p%40ss@db.internal:3307/bookstore' });

    expect(config.database.url).toEqual({
      dialect: 'mysql',
      host: 'db.internal',
      port: 3307,
      database: 'bookstore',
      username: 'shop',
      password: 'p@ss',
    });
  });

  test.each([['postgres://x@y/z'], ['mysql://host-without-database'], ['not a url'], ['sqlite:']])(
    'when DATABASE_URL is %p, then start-up fails naming DATABASE_URL',
    (value) => {
      expect(() => loadConfig({ DATABASE_URL: value })).toThrow(ConfigError);
      expect(() => loadConfig({ DATABASE_URL: value })).toThrow(/DATABASE_URL/);
    },
  );

  test('when HOST is not set, then the servers listen on loopback only', () => {
    expect(loadConfig({}).http.host).toBe('127.0.0.1');
  });

  test('when HOST is set, then the servers listen there', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).http.host).toBe('0.0.0.0');
  });

  test('when HOST is not an address, then the message names the variable', () => {
    expect(() => loadConfig({ HOST: 'http://0.0.0.0/' })).toThrow(/HOST/);
  });

  test('when a number setting is not a number, then the message names the variable', () => {
    expect(() => loadConfig({ ORDER_PAYMENT_TIMEOUT_SECONDS: 'soon' })).toThrow(
      /ORDER_PAYMENT_TIMEOUT_SECONDS/,
    );
  });

  test('when the checkout settings are left out, then the shop is in CO and a buyer may hold 3 unpaid orders', () => {
    const config = loadConfig({});

    expect(config.shopCountry).toBe('CO');
    expect(config.orders.maxPendingPerBuyer).toBe(3);
    expect(loadConfig({ SHOP_COUNTRY: 'mx' }).shopCountry).toBe('MX');
  });

  test.each([
    ['SHOP_COUNTRY', 'Colombia'],
    ['SHOP_COUNTRY', 'EU'],
    ['MAX_PENDING_ORDERS_PER_BUYER', '0'],
  ])('when %s is %p, then start-up fails naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  test('when the catalog statement ceiling is left out, then it is half a second', () => {
    expect(loadConfig({}).catalog.statementLimitMs).toBe(500);
    expect(loadConfig({ CATALOG_STATEMENT_LIMIT_MS: '200' }).catalog.statementLimitMs).toBe(200);
  });

  test.each(['0', '10', '60000', '0.5'])(
    'when CATALOG_STATEMENT_LIMIT_MS is %p, then start-up fails naming it (a ceiling of a fraction of a second to a few seconds)',
    (value) => {
      expect(() => loadConfig({ CATALOG_STATEMENT_LIMIT_MS: value })).toThrow(
        /CATALOG_STATEMENT_LIMIT_MS/,
      );
    },
  );

  test('when a flag is not true or false, then the message names the variable', () => {
    expect(() => loadConfig({ COOKIE_SECURE: 'maybe' })).toThrow(/COOKIE_SECURE/);
  });

  test('when a function needs a setting that is unset, then start-up fails naming it', () => {
    expect(() => loadConfig({}, { required: ['CDN_ORIGIN_SECRET_ARN'] })).toThrow(
      'CDN_ORIGIN_SECRET_ARN: must be set',
    );
    expect(
      loadConfig({ CDN_ORIGIN_SECRET_ARN: 'arn:secret' }, { required: ['CDN_ORIGIN_SECRET_ARN'] })
        .cdn.originSecretArn,
    ).toBe('arn:secret');
  });
});
