import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Reads secret values by ARN. */
export interface SecretReader {
  /** The secret's string value, fetched once per container and then served from memory. */
  getSecretString(secretArn: string): Promise<string>;
}

export interface SecretReaderOptions {
  region: string | undefined;
  /** A ready client (tests); by default one is created on first use. */
  client?: SecretsManagerClient;
}

/**
 * A Secrets Manager reader that fetches each secret once per container and caches it. The SDK is
 * loaded on first use, so functions running locally (secrets from the environment) never pay for
 * it at cold start. A failed fetch is not cached: the next invocation tries again.
 */
export function createSecretReader(options: SecretReaderOptions): SecretReader {
  const cache = new Map<string, Promise<string>>();
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
      let pending = cache.get(secretArn);
      if (!pending) {
        pending = fetchSecret(secretArn);
        cache.set(secretArn, pending);
        pending.catch(() => cache.delete(secretArn));
      }
      return pending;
    },
  };
}
