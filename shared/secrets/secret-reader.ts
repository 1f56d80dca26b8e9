import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Reads secret values by ARN. */
export interface SecretReader {
  /** The secret's string value, from memory while it is younger than the reader's time-to-live. */
  getSecretString(secretArn: string): Promise<string>;
  /**
   * Drops the remembered value, so the next read fetches it (a caller whose credentials were just
   * refused knows the secret has changed). Readers that remember nothing need not have it.
   */
  forget?(secretArn: string): void;
}

/**
 * How long a fetched value is served from memory: a rotated secret reaches every warm container
 * and running origin within this time even without an authentication failure, at one Secrets
 * Manager call per secret and container per period.
 */
export const SECRET_TTL_MS = 5 * 60 * 1000;

export interface SecretReaderOptions {
  region: string | undefined;
  /** A ready client (tests); by default one is created on first use. */
  client?: SecretsManagerClient;
  /** How long a value is served from memory (default SECRET_TTL_MS). */
  ttlMs?: number;
  /** The clock, in milliseconds (tests). */
  now?: () => number;
}

/**
 * A Secrets Manager reader that keeps each value for a time-to-live, so a container neither calls
 * Secrets Manager on every invocation nor holds a rotated-away value for its whole life. The SDK is
 * loaded on first use, so functions running locally (secrets from the environment) never pay for
 * it at cold start. A failed fetch is not kept: the next read tries again.
 */
export function createSecretReader(options: SecretReaderOptions): SecretReader {
  const ttlMs = options.ttlMs ?? SECRET_TTL_MS;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { value: Promise<string>; fetchedAt: number }>();
  let client:
    | Promise<{
        sdk: typeof import('@aws-sdk/client-secrets-manager');
        client: SecretsManagerClient;
      }>
    | undefined;

  const connect = () => {
    client ??= import('@aws-sdk/client-secrets-manager').then((sdk) => ({
      sdk,
      client:
        options.client ??
        new sdk.SecretsManagerClient(options.region ? { region: options.region } : {}),
    }));
    return client;
  };

  const fetchSecret = async (secretArn: string): Promise<string> => {
    const { sdk, client: secrets } = await connect();
    const answer = await secrets.send(new sdk.GetSecretValueCommand({ SecretId: secretArn }));
    if (typeof answer.SecretString !== 'string' || answer.SecretString === '') {
      throw new Error(`Secret ${secretArn} has no string value`);
    }
    return answer.SecretString;
  };

  return {
    getSecretString(secretArn) {
      const cached = cache.get(secretArn);
      if (cached && now() - cached.fetchedAt < ttlMs) return cached.value;
      const entry = { value: fetchSecret(secretArn), fetchedAt: now() };
      cache.set(secretArn, entry);
      entry.value.catch(() => {
        if (cache.get(secretArn) === entry) cache.delete(secretArn);
      });
      return entry.value;
    },
    forget(secretArn) {
      cache.delete(secretArn);
    },
  };
}
