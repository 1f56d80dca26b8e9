import { z } from 'zod';
import { isCountryCode } from './domain/country-codes';
import { CATALOG_PAGE_CACHE_MAX_TTL_MS } from './domain/catalog-cache-lifetime';

/** Raised when the environment holds a setting that cannot be used; its message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEFAULT_DATABASE_URL = 'sqlite:data/bookstore.sqlite';

/** How log lines are written: JSON for machines (CI, containers, Lambda), or lines for a person. */
export const LOG_FORMATS = ['json', 'terminal'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * One setting: how it is parsed and checked, its default as an operator would write it, and what
 * it is for. The parser, the Config type and the configuration table in docs/configuration.md
 * all come from these declarations, so a setting is written once.
 */
interface Setting<S extends z.ZodType> {
  schema: S;
  /** The default as it would be written in the environment; undefined when there is none. */
  fallback: string | undefined;
  doc: string;
}

const integer = (fallback: number, min: number, max: number, doc: string) => ({
  schema: z.coerce.number().int().min(min).max(max).default(fallback),
  fallback: String(fallback),
  doc: `${doc} (${min}–${max})`,
});

const flag = (fallback: boolean, doc: string) => ({
  schema: z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1'),
  fallback: String(fallback),
  doc,
});

const optionalText = (doc: string) => ({
  schema: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined)),
  fallback: undefined,
  doc,
});

const text = (fallback: string, doc: string) => ({
  schema: z.string().trim().min(1).default(fallback),
  fallback,
  doc,
});

const choice = <const T extends readonly [string, ...string[]]>(
  values: T,
  fallback: T[number],
  doc: string,
) => ({
  schema: z.enum(values).default(fallback as never),
  fallback,
  doc: `${doc}: ${values.map((value) => `\`${value}\``).join(', ')}`,
});

/** Every environment variable the project reads, in the order the configuration table lists them. */
export const SETTINGS = {
  NODE_ENV: choice(['development', 'test', 'production'], 'development', 'the kind of run'),
  LOG_LEVEL: choice(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    'info',
    'the lowest pino level that is written (`silent` in tests)',
  ),
  LOG_FORMAT: {
    schema: z.enum(LOG_FORMATS).optional(),
    fallback: undefined,
    doc: '`json` (one JSON object a line) or `terminal` (short lines for a person, no access line per static file); unset: `json`, except that `npm start` at a terminal uses `terminal`',
  },
  DATABASE_URL: {
    schema: z
      .string()
      .trim()
      .default(DEFAULT_DATABASE_URL)
      .refine((value) => parseDatabaseUrl(value) !== undefined, {
        message:
          'must be mysql://user:password@host:3306/database or sqlite:<path> (for example sqlite:data/bookstore.sqlite)',
      }),
    fallback: DEFAULT_DATABASE_URL,
    doc: '`mysql://user:pass@host:3306/db` for MySQL/MariaDB, `sqlite:<path>` for an embedded file (kept out of git under `data/`)',
  },
  DATABASE_SECRET_ARN: optionalText(
    'in AWS: the Secrets Manager secret with the database credentials (the master user for the migrate function, the application user elsewhere)',
  ),
  DATABASE_APP_USER_SECRET_ARN: optionalText(
    'the migrate function only, required there: the secret of the application database user it creates or updates',
  ),
  CDN_ORIGIN_SECRET_ARN: optionalText(
    'the cdn-guard function only, required there: the secret whose value CloudFront sends in `X-Origin-Verify`',
  ),
  DATABASE_POOL_MAX: integer(
    10,
    1,
    200,
    'connections per origin process (Lambda functions always use at most 2)',
  ),
  DATABASE_CONNECT_TIMEOUT_MS: integer(
    1000,
    100,
    60000,
    'how long a request waits to connect to the database before it gets a 503',
  ),
  DATABASE_ACQUIRE_TIMEOUT_MS: integer(
    1000,
    100,
    60000,
    'how long a request waits for a free pooled connection before it gets a 503',
  ),
  DATABASE_STATEMENT_TIMEOUT_MS: integer(
    5000,
    100,
    600000,
    "MySQL: how long the origin and the functions wait for one statement's answer; a stalled database gets a 503 and the connection is destroyed (its transaction rolled back)",
  ),
  DATABASE_LOG_SQL: flag(false, 'log every SQL statement at debug level'),
  DATABASE_TLS: flag(
    false,
    "MySQL only: require TLS 1.2+ verified against the system's CAs (on in AWS, for RDS Proxy)",
  ),
  AWS_REGION: optionalText('set by Lambda and the origin hosts: the region of the AWS clients'),
  // Loopback unless told otherwise: a local run with demo accounts must not face the network.
  // Containers set HOST=0.0.0.0, since their port is published by Docker.
  HOST: {
    schema: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.:-]+$/, 'must be an address to listen on, e.g. 127.0.0.1 or 0.0.0.0')
      .default('127.0.0.1'),
    fallback: '127.0.0.1',
    doc: 'the address the local edge and the origin listen on (containers set `0.0.0.0`)',
  },
  PORT: integer(3000, 0, 65535, "the local edge's port"),
  ORIGIN_PORT: integer(3001, 0, 65535, "the origin's port"),
  ORIGIN_URL: optionalText(
    "where the local edge sends the origin's routes (default `http://127.0.0.1:$ORIGIN_PORT`)",
  ),
  JWT_ISSUER: text(
    'bookstore',
    'the `iss` claim every access token carries and every verifier checks',
  ),
  JWT_AUDIENCE: text(
    'bookstore-api',
    'the `aud` claim every access token carries and every verifier checks',
  ),
  JWT_PRIVATE_KEY: optionalText("the auth function's Ed25519 signing key (PEM)"),
  JWT_PUBLIC_KEY: optionalText('the public key (PEM) the origin verifies tokens with'),
  JWT_JWKS_URL: optionalText(
    'where the origin fetches the public keys to verify tokens with; it never holds the private key',
  ),
  JWT_SIGNING_KEY_SECRET_ARN: optionalText('in AWS: the secret holding the signing key'),
  JWT_LOCAL_KEY_FILE: text(
    'data/jwt-signing-key.json',
    'locally, without a key: where a signing key is generated once and kept (out of git)',
  ),
  ACCESS_TOKEN_TTL_SECONDS: integer(
    900,
    60,
    86400,
    'access token lifetime, also the maximum age verifiers accept',
  ),
  REFRESH_TOKEN_TTL_SECONDS: integer(30 * 86400, 3600, 365 * 86400, 'refresh token lifetime'),
  REFRESH_TOKEN_REUSE_GRACE_SECONDS: integer(
    10,
    0,
    60,
    'how long a just-rotated refresh token still refreshes (two tabs at once) before reuse revokes its family',
  ),
  COOKIE_SECURE: flag(true, 'set `false` only for local plain http (`npm start` does)'),
  ORDER_PAYMENT_TIMEOUT_SECONDS: integer(
    30 * 60,
    10,
    7 * 86400,
    'unpaid orders expire after this and their stock returns',
  ),
  MAX_PENDING_ORDERS_PER_BUYER: integer(
    3,
    1,
    1_000_000,
    'unpaid orders one buyer may hold at once; one more is refused',
  ),
  SHOP_COUNTRY: {
    schema: z
      .string()
      .trim()
      .toUpperCase()
      .default('CO')
      .refine(isCountryCode, { message: 'must be an ISO 3166-1 alpha-2 country code such as CO' }),
    fallback: 'CO',
    doc: "the shop's own country (ISO 3166-1 alpha-2): national delivery providers ship only within it",
  },
  ORDER_EVENTS_QUEUE_URL: optionalText(
    'SQS queue for order events; without it the relay hands them to the notifications function in-process (`npm start`, compose)',
  ),
  SHUTDOWN_DEADLINE_MS: integer(
    25000,
    1000,
    600000,
    'how long the origin drains in-flight requests on SIGTERM',
  ),
  ORDER_EXPIRY_SWEEP_INTERVAL_MS: integer(
    15000,
    100,
    3600000,
    'how often each origin expires unpaid orders and deletes stale records (expired refresh tokens, idempotency keys older than 24 h, finished login throttle windows, order events published more than 7 days ago, records of order events handled more than 21 days ago; see docs/database.md, "Housekeeping"), at most 20 batches of 1,000 rows per table per run; safe on every replica at once',
  ),
  OUTBOX_RELAY_INTERVAL_MS: integer(
    1000,
    50,
    600000,
    'how often the outbox relay publishes unpublished events',
  ),
  STOREFRONT_DIR: text('web', 'where the origin finds the storefront files'),
  COVERS_BUCKET: optionalText(
    'S3 bucket for book covers (objects under `covers/`); set in AWS, where the CDN serves them',
  ),
  NOTIFICATIONS_FROM_EMAIL: optionalText(
    'the sender of the order e-mails: in AWS the SES-verified address (without `SMTP_URL` or it, the e-mails go to the log)',
  ),
  SMTP_URL: {
    schema: optionalText('').schema.refine((value) => value === undefined || isSmtpUrl(value), {
      message: 'must be smtp://host:port or smtps://host:port (for example smtp://127.0.0.1:1025)',
    }),
    fallback: undefined,
    doc: '`smtp://host:port`: the notifications function sends the order e-mails through this SMTP server instead of SES (`npm start` and compose set it to their MailDev)',
  },
  MAIL_UI_PORT: integer(
    1080,
    0,
    65535,
    "the port of the mail catcher's web page and REST API: `npm start`'s (`0`: any free port), and the one compose's `mail` publishes",
  ),
  COVERS_DIR: text(
    'data/covers',
    'without `COVERS_BUCKET`: the folder covers are stored in and the origin serves at `/covers` (compose shares one volume between the replicas)',
  ),
  LOCAL_DEMO_BOOKS: integer(200, 0, 1_000_000, 'books `npm start` seeds into an empty database'),
  // At most the 30 s the catalog's Cache-Control already allows.
  CATALOG_CACHE_TTL_MS: integer(
    5000,
    0,
    CATALOG_PAGE_CACHE_MAX_TTL_MS,
    "how long a catalog function's container reuses an answer it gave (`Cache-Control: no-cache` from the client skips it)",
  ),
  // At most 5 s: beyond that the client-side deadline (DATABASE_STATEMENT_TIMEOUT_MS, 5 s unless
  // set) and the catalog function's own 6 s timeout would end the request before the ceiling acts.
  CATALOG_STATEMENT_LIMIT_MS: integer(
    500,
    50,
    5000,
    'MySQL/MariaDB: after this the database server stops a catalog function statement (`MAX_EXECUTION_TIME` hint, `max_statement_time`) and the request gets a `503`; SQLite has no such ceiling',
  ),
  LOGIN_THROTTLE_MAX_ACCOUNT_FAILURES: integer(
    5,
    2,
    1000,
    'failed logins per account from one client address within the window before `429`',
  ),
  LOGIN_THROTTLE_MAX_CLIENT_FAILURES: integer(
    20,
    2,
    100000,
    'failed logins per client address within the window before `429`',
  ),
  LOGIN_THROTTLE_WINDOW_SECONDS: integer(15 * 60, 10, 86400, 'the login throttle window'),
  REGISTRATION_THROTTLE_MAX_PER_CLIENT: integer(
    20,
    1,
    100000,
    'accounts one client address may create (or try to) within the window before `429`',
  ),
  REGISTRATION_THROTTLE_WINDOW_SECONDS: integer(
    3600,
    60,
    86400,
    'the registration throttle window',
  ),
} satisfies Record<string, Setting<z.ZodType>>;

export type SettingName = keyof typeof SETTINGS;

const environmentSchema = z.object(
  Object.fromEntries(Object.entries(SETTINGS).map(([name, setting]) => [name, setting.schema])) as {
    [Name in SettingName]: (typeof SETTINGS)[Name]['schema'];
  },
);

type Environment = z.infer<typeof environmentSchema>;

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

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`)
    .join('; ');
}

/**
 * The settings in the shape the code reads them. Config is this function's result type, so a
 * setting's type comes from its declaration in SETTINGS.
 */
function configFrom(env: Environment, url: DatabaseUrl) {
  return {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    database: {
      url,
      secretArn: env.DATABASE_SECRET_ARN,
      /**
       * The migration step only (it connects as the master user): the secret of the application's
       * own database user, which the step creates or updates (shared/db/application-user.ts).
       */
      appUserSecretArn: env.DATABASE_APP_USER_SECRET_ARN,
      poolMax: env.DATABASE_POOL_MAX,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      acquireTimeoutMs: env.DATABASE_ACQUIRE_TIMEOUT_MS,
      /** How long a request-serving process waits for one statement's answer (a stalled database). */
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      logSql: env.DATABASE_LOG_SQL,
      /** Connect over TLS with the system's CAs (RDS Proxy requires it). */
      tls: env.DATABASE_TLS,
    },
    aws: { region: env.AWS_REGION },
    /** Where the local servers listen: `host` is the address of both the edge and the origin. */
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
      /**
       * How long a just-rotated refresh token still refreshes (two tabs refreshing at once) before
       * presenting it counts as reuse and revokes its family.
       */
      refreshTokenReuseGraceSeconds: env.REFRESH_TOKEN_REUSE_GRACE_SECONDS,
    },
    cookies: { secure: env.COOKIE_SECURE },
    /** The shop's own country (ISO 3166-1 alpha-2): national delivery providers ship only within it. */
    shopCountry: env.SHOP_COUNTRY,
    orders: {
      paymentTimeoutSeconds: env.ORDER_PAYMENT_TIMEOUT_SECONDS,
      /** Unpaid orders one buyer may hold at once; one more is refused (stock hoarding). */
      maxPendingPerBuyer: env.MAX_PENDING_ORDERS_PER_BUYER,
      eventsQueueUrl: env.ORDER_EVENTS_QUEUE_URL,
      /** How often each origin replica looks for unpaid orders past their time. */
      expirySweepIntervalMs: env.ORDER_EXPIRY_SWEEP_INTERVAL_MS,
      /** How often each origin replica publishes outbox events. */
      outboxRelayIntervalMs: env.OUTBOX_RELAY_INTERVAL_MS,
    },
    /** The storefront's static files, served by the origin (relative to the working directory). */
    storefrontDir: env.STOREFRONT_DIR,
    /**
     * Where book covers are stored: the S3 bucket when set (the CDN serves it), otherwise a folder
     * the origin serves itself at /covers (npm start, tests, compose).
     */
    covers: { bucket: env.COVERS_BUCKET, dir: env.COVERS_DIR },
    /**
     * How the notifications function sends the order e-mails: through the SMTP server at `smtpUrl`
     * when set (locally: the mail catcher), else through SES from `fromEmail` (the SES-verified
     * sender; AWS), else into its log (tests).
     */
    notifications: { fromEmail: env.NOTIFICATIONS_FROM_EMAIL, smtpUrl: env.SMTP_URL },
    /** `npm start`: the port of the mail catcher's web page and REST API (0: any free port). */
    mailCatcher: { uiPort: env.MAIL_UI_PORT },
    /** The cdn-guard function only: the secret whose value CloudFront sends in X-Origin-Verify. */
    cdn: { originSecretArn: env.CDN_ORIGIN_SECRET_ARN },
    shutdownDeadlineMs: env.SHUTDOWN_DEADLINE_MS,
    /**
     * Failed logins allowed per account from one client address (maxAccountFailures) and per client
     * address (maxClientFailures) within one window before a 429; never per account alone.
     */
    loginThrottle: {
      maxAccountFailures: env.LOGIN_THROTTLE_MAX_ACCOUNT_FAILURES,
      maxClientFailures: env.LOGIN_THROTTLE_MAX_CLIENT_FAILURES,
      windowSeconds: env.LOGIN_THROTTLE_WINDOW_SECONDS,
    },
    /** Accounts one client address may create within one window before a 429. */
    registrationThrottle: {
      maxPerClient: env.REGISTRATION_THROTTLE_MAX_PER_CLIENT,
      windowSeconds: env.REGISTRATION_THROTTLE_WINDOW_SECONDS,
    },
    /** Books `npm start` seeds into an empty local database. */
    localDemoBooks: env.LOCAL_DEMO_BOOKS,
    catalog: {
      /** How long a catalog function's container reuses an answer it gave (0: never). */
      cacheTtlMs: env.CATALOG_CACHE_TTL_MS,
      /** MySQL/MariaDB: the server-side cost ceiling of each catalog statement (none on SQLite). */
      statementLimitMs: env.CATALOG_STATEMENT_LIMIT_MS,
    },
  };
}

export type Config = ReturnType<typeof configFrom>;

/**
 * Reads and validates every setting from the environment. Throws a ConfigError naming each
 * variable that is wrong, or that `required` names and is unset, so start-up fails fast with a
 * message an operator can act on.
 */
export function loadConfig(
  source: NodeJS.ProcessEnv = process.env,
  { required = [] }: { required?: readonly SettingName[] } = {},
): Config {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success)
    throw new ConfigError(`Invalid configuration: ${formatIssues(parsed.error)}`);
  const env = parsed.data;
  const missing = required.filter((name) => env[name] === undefined);
  if (missing.length > 0)
    throw new ConfigError(
      `Invalid configuration: ${missing.map((name) => `${name}: must be set`).join('; ')}`,
    );
  const url = parseDatabaseUrl(env.DATABASE_URL);
  if (!url) throw new ConfigError('Invalid configuration: DATABASE_URL is not supported');
  return configFrom(env, url);
}

/**
 * The environment for the processes `npm start` runs on one machine: the caller's settings, with
 * the local defaults that differ from production (cookies over plain http), and libuv's thread pool
 * sized as the Dockerfile sizes the origin's (renders must leave threads to token checks and the
 * SQLite driver; libuv reads it once, at start, so it is set for the child, not in it).
 */
export function localRunEnvironment(
  overrides: Record<string, string>,
  source: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return { COOKIE_SECURE: 'false', UV_THREADPOOL_SIZE: '8', ...source, ...overrides };
}
