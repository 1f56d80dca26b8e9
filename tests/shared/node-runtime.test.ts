import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The Node.js major the Lambda functions are deployed on, read from serverless.yml. */
function deployedNodeMajor(): number {
  const service = parse(readFileSync(join(__dirname, '../../serverless.yml'), 'utf8'), {
    logLevel: 'silent',
  }) as { provider: { runtime: string } };
  const major = /^nodejs(\d+)\.x$/.exec(service.provider.runtime)?.[1];
  if (!major)
    throw new Error(`serverless.yml runtime ${service.provider.runtime} is not nodejs<N>.x`);
  return Number(major);
}

describe('the Node.js the suite runs on', () => {
  test('when the tests run through npm, then they run on the Node.js major the functions deploy on', () => {
    const runningMajor = Number(process.versions.node.split('.')[0]);

    expect(deployedNodeMajor()).toBe(24);
    expect(runningMajor).toBe(deployedNodeMajor());
  });

  test('when package.json pins the node package, then it is the same major', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };

    expect(manifest.devDependencies.node?.split('.')[0]).toBe(String(deployedNodeMajor()));
  });
});
