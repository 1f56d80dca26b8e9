import type { Context } from 'aws-lambda';
import { createLambdaRuntime } from './lambda/lambda-runtime';
import { createMigrationHandler } from './migration/migration-handler';

// DATABASE_SECRET_ARN is the master user's secret here: this function's role is the only one
// allowed to read it (infra/functions-iam.yml).
const runtime = createLambdaRuntime('migrate', ['DATABASE_APP_USER_SECRET_ARN']);
const appUserSecretArn = runtime.config.database.appUserSecretArn ?? '';

/** The privileged migration step of a deploy (a CloudFormation custom resource, or invoked by hand). */
export async function handler(event: unknown, context: Context) {
  return createMigrationHandler({
    db: runtime.db,
    secrets: runtime.secrets,
    appUserSecretArn,
    logger: runtime.logger.child({ requestId: context.awsRequestId }),
  })(event);
}
