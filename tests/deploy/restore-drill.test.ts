import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../scripts/lambda-artifacts';
import { removeScratch } from './packaged-service';

const run = promisify(execFile);
const SCRIPT = join(REPO_ROOT, 'scripts', 'restore-drill.sh');

/**
 * The restore drill's dry run, as it can be run without AWS: an `aws` on the PATH that records any
 * call, so the test sees that the dry run calls nothing and prints the plan.
 */
describe('the restore drill (scripts/restore-drill.sh)', () => {
  let scratch: string;
  let called: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'bookstore-restore-drill-'));
    called = join(scratch, 'aws-was-called');
    writeFileSync(join(scratch, 'aws'), `#!/bin/sh\ntouch '${called}'\nexit 1\n`, { mode: 0o755 });
    env = { PATH: `${scratch}:/usr/bin:/bin` };
  });
  afterAll(() => removeScratch(scratch));

  const drill = (...args: string[]) => run('bash', [SCRIPT, ...args], { env });

  test('when dry-run for a stage, then it calls no AWS API and prints the restore from the newest recovery point into a new instance, and its deletion', async () => {
    const { stderr } = await drill('--dry-run', '--stage', 'prod', '--region', 'eu-west-1');

    expect(existsSync(called)).toBe(false);
    expect(stderr).toContain(
      'aws --region eu-west-1 cloudformation describe-stacks --stack-name bookstore-data-prod',
    );
    expect(stderr).toMatch(
      /backup list-recovery-points-by-backup-vault --backup-vault-name <vault-name>/,
    );
    expect(stderr).toMatch(
      /backup start-restore-job --recovery-point-arn <recovery-point-arn> --iam-role-arn <backup-role-arn> --resource-type RDS/,
    );
    expect(stderr).toMatch(
      /rds delete-db-instance --db-instance-identifier bookstore-prod-restore-drill-\d{12} /,
    );
  });

  test('when dry-run with --keep, then the restored instance is not deleted', async () => {
    const { stderr } = await drill('--dry-run', '--stage', 'dev', '--keep');

    expect(stderr).toContain('Kept bookstore-dev-restore-drill-');
    expect(stderr).not.toContain('delete-db-instance --db-instance-identifier');
  });

  test('when no stage is given, then it stops before anything', async () => {
    await expect(drill('--dry-run')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--stage is required') as unknown,
    });
    expect(existsSync(called)).toBe(false);
  });
});
