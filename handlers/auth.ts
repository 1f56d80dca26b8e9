import serverless from 'serverless-http';
import { createSigningKeyProvider } from '../shared/auth/signing-key';
import { createAuthApp } from './auth/create-auth-app';
import { createLambdaRuntime } from './lambda/lambda-runtime';

// Module scope runs once per container: the configuration, database, secrets reader and signing key
// provider built here serve every invocation the container handles.
const runtime = createLambdaRuntime('auth');
const signingKeys = createSigningKeyProvider({
  jwt: runtime.config.jwt,
  env: runtime.config.env,
  secrets: runtime.secrets,
});

/** The auth Lambda function (API Gateway HTTP API, payload format 2.0). */
export const handler = serverless(
  createAuthApp({
    config: runtime.config,
    logger: runtime.logger,
    db: runtime.db,
    signingKeys,
  }),
  runtime.invocationHooks,
);
