import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createLambdaRuntime } from './lambda/lambda-runtime';
import { createConfiguredEmailSender } from './notifications/email-sender';
import { createOrderEventsConsumer } from './notifications/order-events-consumer';

// Module scope runs once per container: the configuration, database and e-mail sender built here
// serve every batch the container handles. In AWS the sender is SES; locally the origin's outbox
// relay calls this same export, and the sender is the mail catcher's SMTP server.
const runtime = createLambdaRuntime('notifications');
const consume = createOrderEventsConsumer({
  db: runtime.db,
  logger: runtime.logger,
  sender: createConfiguredEmailSender(runtime.config, runtime.logger),
});

/** The notifications Lambda function (SQS event source on the order-events queue, partial batch responses). */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  return consume(event, runtime.logger.child({ requestId: context.awsRequestId }));
}
