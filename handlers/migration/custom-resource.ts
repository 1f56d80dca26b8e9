import type { CloudFormationCustomResourceEvent } from 'aws-lambda';

/** Whether an invocation came from CloudFormation (a custom resource) rather than an operator. */
export function isCustomResourceEvent(event: unknown): event is CloudFormationCustomResourceEvent {
  if (!event || typeof event !== 'object') return false;
  const candidate = event as Partial<CloudFormationCustomResourceEvent>;
  return (
    typeof candidate.ResponseURL === 'string' &&
    ['Create', 'Update', 'Delete'].includes(candidate.RequestType ?? '')
  );
}

/** The answer CloudFormation waits for. */
export type CustomResourceOutcome =
  { status: 'SUCCESS'; data?: Record<string, string> } | { status: 'FAILED'; reason: string };

/** The one physical id of the migration step: an update never replaces it, so never deletes it. */
export const MIGRATION_PHYSICAL_ID = 'database-migration-step';

/**
 * Sends the outcome to the pre-signed S3 URL of the request, as CloudFormation expects (a PUT
 * without a content type: the URL's signature covers none). Until it arrives the stack waits, up
 * to the resource's ServiceTimeout.
 */
export async function answerCustomResource(
  event: CloudFormationCustomResourceEvent,
  outcome: CustomResourceOutcome,
): Promise<void> {
  const body = JSON.stringify({
    Status: outcome.status,
    Reason: outcome.status === 'FAILED' ? outcome.reason.slice(0, 3000) : 'see the function log',
    PhysicalResourceId: MIGRATION_PHYSICAL_ID,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    ...(outcome.status === 'SUCCESS' && outcome.data ? { Data: outcome.data } : {}),
  });
  const response = await fetch(event.ResponseURL, {
    method: 'PUT',
    headers: { 'content-type': '' },
    body,
  });
  if (!response.ok) throw new Error(`CloudFormation's response URL answered ${response.status}`);
}
