import { z } from 'zod';
import { isCountryCode } from './orders/country-codes';

/** Raised when the environment holds a setting that cannot be used; its message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEFAULT_DATABASE_URL = 'sqlite:data/bookstore.sqlite';

const integer = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

const databaseUrl = z
  .string()
  .trim()
  .default(DEFAULT_DATABASE_URL)
  .refine((value) => parseDatabaseUrl(value) !== undefined, {
    message:
      'must be mysql://user:password@host:3306/database or sqlite:<path> (for example sqlite:data/bookstore.sqlite)',
  });

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: databaseUrl,
  DATABASE_SECRET_ARN: optionalText,
  DATABASE_APP_USER_SECRET_ARN: optionalText,
  CDN_ORIGIN_SECRET_ARN: optionalText,
  DATABASE_POOL_MAX: integer(10, 1, 200),
  DATABASE_CONNECT_TIMEOUT_MS: integer(1000, 100, 60000),
  DATABASE_ACQUIRE_TIMEOUT_MS: integer(1000, 100, 60000),
  DATABASE_STATEMENT_TIMEOUT_MS: integer(5000, 100, 600000),
  DATABASE_LOG_SQL: flag(false),
  DATABASE_TLS: flag(false),
  AWS_REGION: optionalText,
  // Loopback unless told otherwise: a local run with demo accounts must not face the network.
  // Containers set HOST=0.0.0.0, since their port is published by Docker.
  HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:-]+$/, 'must be an address to listen on, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  PORT: integer(3000, 0, 65535),
  ORIGIN_PORT: integer(3001, 0, 65535),
  ORIGIN_URL: optionalText,
  JWT_ISSUER: z.string().trim().min(1).default('bookstore'),
  JWT_AUDIENCE: z.string().trim().min(1).default('bookstore-api'),
  JWT_PRIVATE_KEY: optionalText,
  JWT_PUBLIC_KEY: optionalText,
  JWT_JWKS_URL: optionalText,
  JWT_SIGNING_KEY_SECRET_ARN: optionalText,
  JWT_LOCAL_KEY_FILE: z.string().trim().min(1).default('data/jwt-signing-key.json'),
  ACCESS_TOKEN_TTL_SECONDS: integer(900, 60, 86400),
  REFRESH_TOKEN_TTL_SECONDS: integer(30 * 86400, 3600, 365 * 86400),
  REFRESH_TOKEN_REUSE_GRACE_SECONDS: integer(10, 0, 60),
  COOKIE_SECURE: flag(true),
  ORDER_PAYMENT_TIMEOUT_SECONDS: integer(30 * 60, 10, 7 * 86400),
  MAX_PENDING_ORDERS_PER_BUYER: integer(3, 1, 1_000_000),
  SHOP_COUNTRY: z
    .string()
    .trim()
    .toUpperCase()
    .default('CO')
    .refine(isCountryCode, { message: 'must be an ISO 3166-1 alpha-2 country code such as CO' }),
  ORDER_EVENTS_QUEUE_URL: optionalText,
  SHUTDOWN_DEADLINE_MS: integer(25000, 1000, 600000),
  ORDER_EXPIRY_SWEEP_INTERVAL_MS: integer(15000, 100, 3600000),
  OUTBOX_RELAY_INTERVAL_MS: integer(1000, 50, 600000),
  STOREFRONT_DIR: z.string().trim().min(1).default('web'),
  COVERS_BUCKET: optionalText,
  NOTIFICATIONS_FROM_EMAIL: optionalText,
  SMTP_URL: optionalText.refine((value) => value === undefined || isSmtpUrl(value), {
    message: 'must be smtp://host:port or smtps://host:port (for example smtp://127.0.0.1:1025)',
  }),
  MAIL_UI_PORT: integer(1080, 0, 65535),
  COVERS_DIR: z.string().trim().min(1).default('data/covers'),
  LOCAL_DEMO_BOOKS: integer(200, 0, 1_000_000),
  // At most the 30 s the catalog's Cache-Control already allows.
  CATALOG_CACHE_TTL_MS: integer(5000, 0, 30000),
  LOGIN_THROTTLE_MAX_ACCOUNT_FAILURES: integer(5, 2, 1000),
  LOGIN_THROTTLE_MAX_CLIENT_FAILURES: integer(20, 2, 100000),
  LOGIN_THROTTLE_WINDOW_SECONDS: integer(15 * 60, 10, 86400),
  REGISTRATION_THROTTLE_MAX_PER_CLIENT: integer(20, 1, 100000),
  REGISTRATION_THROTTLE_WINDOW_SECONDS: integer(3600, 60, 86400),
});

export type Environment = z.infer<typeof environmentSchema>;

export type DatabaseUrl =
  | { dialect: 'sqlite'; storage: string }
  | {
      dialect: 'mysql';
      host: string;
      port: number;
      database: string;
      username: string;
      password: string;
    };

/** Parses DATABASE_URL into connection parts, or undefined when it is not a supported form. */
export function parseDatabaseUrl(value: string): DatabaseUrl | undefined {
  if (value.startsWith('sqlite:')) {
    const storage = value
      .slice('sqlite:'.length)
      .replace(/^\/\/\/?/, (slashes) => (slashes === '///' ? '/' : ''));
    return storage ? { dialect: 'sqlite', storage } : undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') return undefined;
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!url.hostname || !database || database.includes('/')) return undefined;
  const port = url.port ? Number(url.port) : 3306;
  return {
    dialect: 'mysql',
    host: url.hostname,
    port,
    database,
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

export interface Config {
  env: Environment['NODE_ENV'];
  logLevel: Environment['LOG_LEVEL'];
  database: {
    url: DatabaseUrl;
    secretArn: string | undefined;
    /**
     * The migration step only (it connects as the master user): the secret of the application's
     * own database user, which the step creates or updates (shared/db/application-user.ts).
     */
    appUserSecretArn: string | undefined;
    poolMax: number;
    connectTimeoutMs: number;
    acquireTimeoutMs: number;
    /** How long a request-serving process waits for one statement's answer (a stalled database). */
    statementTimeoutMs: number;
    logSql: boolean;
    /** Connect over TLS with the system's CAs (RDS Proxy requires it). */
    tls: boolean;
  };
  aws: { region: string | undefined };
  /** Where the local servers listen: `host` is the address of both the edge and the origin. */
  http: { host: string; port: number; originPort: number; originUrl: string | undefined };
  jwt: {
    issuer: string;
    audience: string;
    privateKeyPem: string | undefined;
    publicKeyPem: string | undefined;
    jwksUrl: string | undefined;
    signingKeySecretArn: string | undefined;
    localKeyFile: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    /**
     * How long a just-rotated refresh token still refreshes (two tabs refreshing at once) before
     * presenting it counts as reuse and revokes its family.
     */
    refreshTokenReuseGraceSeconds: number;
  };
  cookies: { secure: boolean };
  /** The shop's own country (ISO 3166-1 alpha-2): national delivery providers ship only within it. */
  shopCountry: string;
  orders: {
    paymentTimeoutSeconds: number;
    /** Unpaid orders one buyer may hold at once; one more is refused (stock hoarding). */
    maxPendingPerBuyer: number;
    eventsQueueUrl: string | undefined;
    /** How often each origin replica looks for unpaid orders past their time. */
    expirySweepIntervalMs: number;
    /** How often each origin replica publishes outbox events. */
    outboxRelayIntervalMs: number;
  };
  /** The storefront's static files, served by the origin (relative to the working directory). */
  storefrontDir: string;
  /**
   * Where book covers are stored: the S3 bucket when set (the CDN serves it), otherwise a folder
   * the origin serves itself at /covers (npm start, tests, compose).
   */
  covers: { bucket: string | undefined; dir: string };
  /**
   * How the notifications function sends the order e-mails: through the SMTP server at `smtpUrl`
   * when set (locally: the mail catcher), else through SES from `fromEmail` (the SES-verified
   * sender; AWS), else into its log (tests).
   */
  notifications: { fromEmail: string | undefined; smtpUrl: string | undefined };
  /** `npm start`: the port of the mail catcher's web page and REST API (0: any free port). */
  mailCatcher: { uiPort: number };
  /** The cdn-guard function only: the secret whose value CloudFront sends in X-Origin-Verify. */
  cdn: { originSecretArn: string | undefined };
  shutdownDeadlineMs: number;
  /**
   * Failed logins allowed per account from one client address (maxAccountFailures) and per client
   * address (maxClientFailures) within one window before a 429; never per account alone.
   */
  loginThrottle: { maxAccountFailures: number; maxClientFailures: number; windowSeconds: number };
  /** Accounts one client address may create within one window before a 429. */
  registrationThrottle: { maxPerClient: number; windowSeconds: number };
  /** Books `npm start` seeds into an empty local database. */
  localDemoBooks: number;
  /** How long a catalog function's container reuses an answer it gave (0: never). */
  catalog: { cacheTtlMs: number };
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`)
    .join('; ');
}

/**
 * Reads and validates every setting from the environment. Throws a ConfigError naming each
 * variable that is wrong, so start-up fails fast with a message an operator can act on.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success)
    throw new ConfigError(`Invalid configuration: ${formatIssues(parsed.error)}`);
  const env = parsed.data;
  const url = parseDatabaseUrl(env.DATABASE_URL);
  if (!url) throw new ConfigError('Invalid configuration: DATABASE_URL is not supported');
  return {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    database: {
      url,
      secretArn: env.DATABASE_SECRET_ARN,
      appUserSecretArn: env.DATABASE_APP_USER_SECRET_ARN,
      poolMax: env.DATABASE_POOL_MAX,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      acquireTimeoutMs: env.DATABASE_ACQUIRE_TIMEOUT_MS,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      logSql: env.DATABASE_LOG_SQL,
      tls: env.DATABASE_TLS,
    },
    aws: { region: env.AWS_REGION },
    http: {
      host: env.HOST,
      port: env.PORT,
      originPort: env.ORIGIN_PORT,
      originUrl: env.ORIGIN_URL,
    },
    jwt: {
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      privateKeyPem: env.JWT_PRIVATE_KEY,
      publicKeyPem: env.JWT_PUBLIC_KEY,
      jwksUrl: env.JWT_JWKS_URL,
      signingKeySecretArn: env.JWT_SIGNING_KEY_SECRET_ARN,
      localKeyFile: env.JWT_LOCAL_KEY_FILE,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
      refreshTokenReuseGraceSeconds: env.REFRESH_TOKEN_REUSE_GRACE_SECONDS,
    },
    cookies: { secure: env.COOKIE_SECURE },
    shopCountry: env.SHOP_COUNTRY,
    orders: {
      paymentTimeoutSeconds: env.ORDER_PAYMENT_TIMEOUT_SECONDS,
      maxPendingPerBuyer: env.MAX_PENDING_ORDERS_PER_BUYER,
      eventsQueueUrl: env.ORDER_EVENTS_QUEUE_URL,
      expirySweepIntervalMs: env.ORDER_EXPIRY_SWEEP_INTERVAL_MS,
      outboxRelayIntervalMs: env.OUTBOX_RELAY_INTERVAL_MS,
    },
    storefrontDir: env.STOREFRONT_DIR,
    covers: { bucket: env.COVERS_BUCKET, dir: env.COVERS_DIR },
    notifications: { fromEmail: env.NOTIFICATIONS_FROM_EMAIL, smtpUrl: env.SMTP_URL },
    mailCatcher: { uiPort: env.MAIL_UI_PORT },
    cdn: { originSecretArn: env.CDN_ORIGIN_SECRET_ARN },
    shutdownDeadlineMs: env.SHUTDOWN_DEADLINE_MS,
    loginThrottle: {
      maxAccountFailures: env.LOGIN_THROTTLE_MAX_ACCOUNT_FAILURES,
      maxClientFailures: env.LOGIN_THROTTLE_MAX_CLIENT_FAILURES,
      windowSeconds: env.LOGIN_THROTTLE_WINDOW_SECONDS,
    },
    registrationThrottle: {
      maxPerClient: env.REGISTRATION_THROTTLE_MAX_PER_CLIENT,
      windowSeconds: env.REGISTRATION_THROTTLE_WINDOW_SECONDS,
    },
    localDemoBooks: env.LOCAL_DEMO_BOOKS,
    catalog: { cacheTtlMs: env.CATALOG_CACHE_TTL_MS },
  };
}

/**
 * The environment for the processes `npm start` runs on one machine: the caller's settings, with
 * the local defaults that differ from production (cookies over plain http).
 */
export function localRunEnvironment(
  overrides: Record<string, string>,
  source: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return { COOKIE_SECURE: 'false', ...source, ...overrides };
}
