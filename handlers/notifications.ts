import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createLambdaRuntime } from './lambda/lambda-runtime';
import { createLogEmailSender, createSesEmailSender } from './notifications/email-sender';
import { createOrderEventsConsumer } from './notifications/order-events-consumer';

// Module scope runs once per container: the configuration, database and SES client built here
// serve every batch the container handles.
const runtime = createLambdaRuntime('notifications');
const { fromEmail } = runtime.config.notifications;
const sender = fromEmail
  ? createSesEmailSender(new SESv2Client({ region: runtime.config.aws.region }), fromEmail)
  : createLogEmailSender(runtime.logger);
const consume = createOrderEventsConsumer({
  db: runtime.db,
  logger: runtime.logger,
  sender,
});

/** The notifications Lambda function (SQS event source on the order-events queue, partial batch responses). */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  return consume(event, runtime.logger.child({ requestId: context.awsRequestId }));
}
