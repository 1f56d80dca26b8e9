import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');

interface WatchRule {
  action: string;
  path: string;
  target?: string;
}

interface ComposeService {
  image?: string;
  build?: string | { context?: string; target?: string };
  develop?: { watch?: WatchRule[] };
  expose?: string[];
  command?: string[] | string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  healthcheck?: { test?: string[] | string; disable?: boolean };
  restart?: string;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

function loadCompose(file = 'docker-compose.yml'): ComposeFile {
  // `merge: true` resolves the `<<:` keys the files use to share the image and environment.
  return parse(readFileSync(join(ROOT, file), 'utf8'), { merge: true }) as ComposeFile;
}

/**
 * Compose's merge of `-f a -f b` for what these files use: mappings merge, anything else (a short
 * `build: .` too) is replaced.
 */
function mergeCompose(base: unknown, override: unknown): unknown {
  if (
    typeof base !== 'object' ||
    typeof override !== 'object' ||
    !base ||
    !override ||
    Array.isArray(base) ||
    Array.isArray(override)
  )
    return override;
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override))
    merged[key] = key in merged ? mergeCompose(merged[key], value) : value;
  return merged;
}

function composeSchemaValidator() {
  const schema = JSON.parse(readFileSync(join(__dirname, 'compose-spec.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  // The schema names its draft by an https URL Ajv does not know; the draft itself is draft-07,
  // Ajv's default, so the meta-schema check is skipped rather than the validation.
  return new Ajv({ allErrors: true, strict: false, validateSchema: false }).compile(schema);
}

function service(compose: ComposeFile, name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

describe('docker-compose.yml', () => {
  test('when validated against the Compose Specification schema, then it has no errors', () => {
    const validate = composeSchemaValidator();

    const valid = validate(loadCompose());

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('when the schema sees a wrong file, then it reports it (the check can fail)', () => {
    const validate = composeSchemaValidator();

    expect(validate({ services: { origin: { image: 'bookstore', replica: 2 } } })).toBe(false);
    expect(validate({ services: { db: { healthcheck: { test: 42 } } } })).toBe(false);
    expect(
      validate({
        services: { edge: { develop: { watch: [{ action: 'reload', path: './edge' }] } } },
      }),
    ).toBe(false);
  });

  test('when the origins send order e-mails, then they go to the mail catcher, whose web page and REST API are published on MAIL_UI_PORT (default 1080)', () => {
    const compose = loadCompose();
    const mail = service(compose, 'mail');

    expect(mail.build).toEqual({ context: '.', target: 'mail' });
    expect(mail.ports).toEqual(['${MAIL_UI_PORT:-1080}:1080']);
    expect(mail.expose).toEqual(['1025']);
    expect(service(compose, 'origin').environment?.SMTP_URL).toBe('smtp://mail:1025');
  });

  test('when run without -f, then it builds the production image: no development target, no watch', () => {
    const compose = loadCompose();
    const overrides = [
      'compose.override.yaml',
      'compose.override.yml',
      'docker-compose.override.yml',
      'docker-compose.override.yaml',
    ];

    for (const name of ['migrate', 'origin', 'edge']) {
      expect(service(compose, name).build).toBe('.');
      expect(service(compose, name).develop).toBeUndefined();
    }
    // Compose loads an override file by itself; compose.dev.yaml must be named to apply.
    expect(overrides.filter((file) => existsSync(join(ROOT, file)))).toEqual([]);
  });

  test('when it starts MySQL, then it is MySQL 8 with a health check and a named volume', () => {
    const compose = loadCompose();
    const db = service(compose, 'db');

    expect(db.image).toMatch(/^mysql:8(\.|$)/);
    expect(db.healthcheck?.test).toEqual(['CMD-SHELL', expect.stringContaining('mysqladmin ping')]);
    const [volume] = (db.volumes ?? [])[0]?.split(':') ?? [];
    expect(compose.volumes).toHaveProperty(volume!);
  });

  test('when it migrates, then a one-shot service runs the migrations after MySQL is healthy', () => {
    const migrate = service(loadCompose(), 'migrate');

    expect(JSON.stringify(migrate.command)).toContain('dist/shared/cli/migrate.js');
    expect(migrate.restart).toBe('no');
    expect(migrate.depends_on?.db?.condition).toBe('service_healthy');
  });

  test('when it runs the origin, then there is more than one replica, started after the migration, verifying with public keys', () => {
    const origin = service(loadCompose(), 'origin');

    expect(origin.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(origin.command).toBeUndefined();
    expect(origin.ports).toBeUndefined();
    expect(origin.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    expect(origin.environment?.DATABASE_URL).toMatch(/^mysql:\/\/.+@db:3306\//);
    expect(origin.environment?.JWT_JWKS_URL).toBeDefined();
    expect(origin.environment).not.toHaveProperty('JWT_PRIVATE_KEY');
  });

  test('when it runs the local edge, then node itself serves on PORT (default 3000) and forwards to the origin service', () => {
    const edge = service(loadCompose(), 'edge');

    // node, not npm: the stop signal must reach the process that drains.
    expect(edge.command).toEqual(['node', 'dist/edge/server.js']);
    expect(edge.ports).toEqual(['${PORT:-3000}:3000']);
    expect(edge.environment?.PORT).toBe('3000');
    expect(edge.environment?.ORIGIN_URL).toBe('http://origin:3001');
  });

  test('when the origin replicas store covers, then they and the seeding migration share one covers volume', () => {
    const compose = loadCompose();
    const origin = service(compose, 'origin');
    const migrate = service(compose, 'migrate');

    expect(origin.environment?.COVERS_DIR).toBe('/app/data/covers');
    expect(migrate.environment?.COVERS_DIR).toBe(origin.environment?.COVERS_DIR);
    expect(origin.volumes).toEqual(['covers:/app/data']);
    expect(migrate.volumes).toEqual(origin.volumes);
    expect(compose.volumes).toHaveProperty('covers');
  });

  test('when a service has a health check, then it is in the CMD-SHELL form podman-compose keeps intact', () => {
    const checked = Object.entries(loadCompose().services).filter(
      ([, definition]) => definition.healthcheck && !definition.healthcheck.disable,
    );

    expect(checked.map(([name]) => name).sort()).toEqual(['db', 'edge']);
    for (const [, definition] of checked) {
      expect(definition.healthcheck?.test).toEqual(['CMD-SHELL', expect.any(String)]);
    }
  });
});

/**
 * Variable interpolation as `docker stack deploy` does it (docker/cli's compose template package):
 * `$$` is a dollar, `$NAME` and `${NAME}` a value, and in braces the forms are tried in the order
 * `:-` (default when unset or empty), `-` (default when unset), `:?` (required non-empty), `?`
 * (required), each found by the first occurrence of its separator in the braces.
 */
function interpolateLikeDockerStack(text: string, env: Record<string, string>): string {
  const pattern = /\$(?:(\$)|([_a-z][_a-z0-9]*)|\{([^}]*)\})/gi;
  return text.replace(pattern, (_match, dollar?: string, plain?: string, braced?: string) => {
    if (dollar) return '$';
    if (plain) return env[plain] ?? '';
    const inner = braced ?? '';
    const split = (separator: string) => {
      const at = inner.indexOf(separator);
      return at === -1 ? undefined : [inner.slice(0, at), inner.slice(at + separator.length)];
    };
    const softDefault = split(':-');
    if (softDefault) return env[softDefault[0]!] || softDefault[1]!;
    const hardDefault = split('-');
    if (hardDefault) return env[hardDefault[0]!] ?? hardDefault[1]!;
    const requiredNonEmpty = split(':?');
    if (requiredNonEmpty) {
      const value = env[requiredNonEmpty[0]!];
      if (!value) throw new Error(`required variable ${requiredNonEmpty[0]} is missing a value`);
      return value;
    }
    const required = split('?');
    if (required) {
      const value = env[required[0]!];
      if (value === undefined) throw new Error(`required variable ${required[0]} is missing`);
      return value;
    }
    return env[inner] ?? '';
  });
}

describe('compose.dev.yaml (docker compose -f docker-compose.yml -f compose.dev.yaml watch)', () => {
  const merged = () => mergeCompose(loadCompose(), loadCompose('compose.dev.yaml')) as ComposeFile;
  const watched = (name: string) => service(merged(), name).develop?.watch ?? [];

  test('when validated against the Compose Specification schema, alone and merged over docker-compose.yml, then it has no errors', () => {
    const validate = composeSchemaValidator();

    for (const file of [loadCompose('compose.dev.yaml'), merged()]) {
      validate(file);
      expect(validate.errors ?? []).toEqual([]);
    }
  });

  test('when merged, then migrate, origin and edge run the development target through tsx; db and mail stay as they are', () => {
    const compose = merged();

    for (const name of ['migrate', 'origin', 'edge']) {
      expect(service(compose, name).build).toEqual({ context: '.', target: 'development' });
      expect(service(compose, name).image).toBe('bookstore:dev');
    }
    expect(JSON.stringify(service(compose, 'migrate').command)).toContain(
      'node --import tsx shared/cli/migrate.ts up',
    );
    expect(service(compose, 'edge').command).toEqual(['node', '--import', 'tsx', 'edge/server.ts']);
    expect(service(compose, 'origin').healthcheck?.test).toEqual([
      'CMD-SHELL',
      expect.stringContaining('/healthz'),
    ]);
    expect(service(compose, 'db')).toEqual(service(loadCompose(), 'db'));
    expect(service(compose, 'mail')).toEqual(service(loadCompose(), 'mail'));
  });

  test('when a source folder changes, then it is synced into the services that load it, origin and edge restarting; the storefront is only synced', () => {
    const syncs = (name: string) =>
      Object.fromEntries(
        watched(name)
          .filter((rule) => rule.action.startsWith('sync'))
          .map((rule) => [rule.path, `${rule.action} ${rule.target}`]),
      );

    expect(syncs('origin')).toEqual({
      './origin': 'sync+restart /app/origin',
      './shared': 'sync+restart /app/shared',
      './handlers': 'sync+restart /app/handlers',
      './web': 'sync /app/web',
    });
    expect(syncs('edge')).toEqual({
      './edge': 'sync+restart /app/edge',
      './handlers': 'sync+restart /app/handlers',
      './shared': 'sync+restart /app/shared',
    });
  });

  test('when package.json or the lock file changes, then the image is rebuilt', () => {
    for (const name of ['origin', 'edge']) {
      const rebuilds = watched(name)
        .filter((rule) => rule.action === 'rebuild')
        .map((rule) => rule.path);
      expect(rebuilds.sort()).toEqual(['./package-lock.json', './package.json']);
    }
  });
});

describe('deploy/swarm-stack.yml', () => {
  const stackText = () => readFileSync(join(ROOT, 'deploy', 'swarm-stack.yml'), 'utf8');
  const withoutComments = (text: string) =>
    text
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n');

  test('when it is deployed without BOOKSTORE_IMAGE or PUBLIC_URL, then Docker refuses it', () => {
    const text = withoutComments(stackText());

    expect(() =>
      interpolateLikeDockerStack(text, { PUBLIC_URL: 'https://shop.example.org' }),
    ).toThrow(/BOOKSTORE_IMAGE/);
    expect(() =>
      interpolateLikeDockerStack(text, { BOOKSTORE_IMAGE: 'registry.example.com/shop:1.2.3' }),
    ).toThrow(/PUBLIC_URL/);
  });

  test('when it is deployed with an image, then every service runs exactly that image', () => {
    const image = 'registry.example.com/bookstore-origin:1.2.3';
    const stack = parse(
      interpolateLikeDockerStack(withoutComments(stackText()), {
        BOOKSTORE_IMAGE: image,
        PUBLIC_URL: 'https://shop.example.org',
      }),
      { merge: true },
    ) as ComposeFile;

    expect(Object.values(stack.services).map((definition) => definition.image)).toEqual([
      image,
      image,
    ]);
  });

  test('when the origin’s health is checked, then it is liveness (/healthz), so a database outage restarts no task', () => {
    const stack = parse(stackText(), { merge: true }) as ComposeFile;

    expect(JSON.stringify(service(stack, 'origin').healthcheck?.test)).toContain('/healthz');
    expect(JSON.stringify(service(stack, 'origin').healthcheck?.test)).not.toContain('/readyz');
  });

  test("when it runs the origin, then its command is package.json's start:origin, node flags included", () => {
    const stack = parse(readFileSync(join(ROOT, 'deploy', 'swarm-stack.yml'), 'utf8'), {
      merge: true,
    }) as ComposeFile;
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };

    expect(service(stack, 'origin').command).toEqual(scripts['start:origin']?.split(' '));
  });
});
