import { answerCustomResource, isCustomResourceEvent } from './custom-resource';
import {
  runMigrationStep,
  type MigrationStepDeps,
  type MigrationStepResult,
} from './migration-step';

/**
 * The migration function's entry: CloudFormation invokes it as a custom resource on every deploy
 * (the origin group and the other functions wait for it), an operator with `serverless invoke -f
 * migrate`. A stack deletion runs nothing: the schema and its data outlive the stack.
 */
export function createMigrationHandler(deps: MigrationStepDeps) {
  return async (event: unknown): Promise<MigrationStepResult | undefined> => {
    if (!isCustomResourceEvent(event)) return runMigrationStep(deps);
    if (event.RequestType === 'Delete') {
      await answerCustomResource(event, { status: 'SUCCESS' });
      return undefined;
    }
    let result: MigrationStepResult;
    try {
      result = await runMigrationStep(deps);
    } catch (error) {
      deps.logger.error({ err: error }, 'migration step failed');
      // The stack update fails and rolls back; the reason shows in its events.
      await answerCustomResource(event, {
        status: 'FAILED',
        reason: `Migration step failed: ${(error as Error).message}`,
      });
      return undefined;
    }
    await answerCustomResource(event, {
      status: 'SUCCESS',
      data: { Applied: result.applied.join(',') || 'none' },
    });
    return result;
  };
}
