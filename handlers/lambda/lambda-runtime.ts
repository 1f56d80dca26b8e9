import type { Options as ServerlessOptions } from 'serverless-http';
import { loadConfig, type Config, type SettingName } from '../../shared/config';
import type { Database } from '../../shared/db/create-database';
import { openDatabase } from '../../shared/db/open-database';
import { createLogger, type Logger } from '../../shared/logging/logger';
import { createSecretReader, type SecretReader } from '../../shared/secrets/secret-reader';

/** What a Lambda function builds once per container, at module scope, and reuses across invocations. */
export interface LambdaRuntime {
  config: Config;
  logger: Logger;
  secrets: SecretReader;
  db: Database;
  /** serverless-http options every function passes: which answers carry a binary body. */
  invocationHooks: ServerlessOptions;
}

const COMPRESSED = /gzip|deflate|br/;

/**
 * Whether an answer's body is bytes, for the Lambda result to carry as base64: the rule
 * serverless-http applies by default (a compressed body), without its default's per-request
 * regular expressions for the media types listed in BINARY_CONTENT_TYPES, which no function uses.
 */
function isCompressed(headers: Record<string, unknown>): boolean {
  const encoding = headers['content-encoding'];
  return typeof encoding === 'string' && COMPRESSED.test(encoding);
}

/**
 * Reads the configuration (failing the cold start with a message naming a wrong variable, or one
 * of `required` that is unset) and creates the logger, the Secrets Manager reader and the
 * database. Nothing here connects: the first invocation opens the connection and fetches secrets,
 * and later ones reuse them.
 */
export function createLambdaRuntime(
  service: string,
  required: readonly SettingName[] = [],
  env?: NodeJS.ProcessEnv,
): LambdaRuntime {
  const config = loadConfig(env, { required });
  const logger = createLogger(config.logLevel, { service }, { format: config.logFormat });
  const secrets = createSecretReader({ region: config.aws.region });
  const db = openDatabase(config, { profile: 'lambda', secrets, logger });
  return {
    config,
    logger,
    secrets,
    db,
    invocationHooks: { binary: isCompressed },
  };
}
