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

/** The Node.js version every npm script runs on: the `node` devDependency. */
function pinnedNodeVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  return manifest.devDependencies.node ?? 'not pinned';
}

describe('the Node.js the suite runs on', () => {
  test('when the tests run through npm, then they run on the Node.js major the functions deploy on', () => {
    const runningMajor = Number(process.versions.node.split('.')[0]);

    expect(deployedNodeMajor()).toBe(24);
    expect(runningMajor).toBe(deployedNodeMajor());
  });

  test('when package.json pins the node package, then it is the same major', () => {
    expect(pinnedNodeVersion().split('.')[0]).toBe(String(deployedNodeMajor()));
  });

  test('when the origin image is built, then its default bases are the Node.js version CI tests', () => {
    const dockerfile = readFileSync(join(__dirname, '../../Dockerfile'), 'utf8');
    const bases = [...dockerfile.matchAll(/^ARG NODE_(?:BUILD_)?IMAGE=node:(\S+)$/gm)].map(
      (match) => match[1],
    );

    expect(bases).toEqual([
      `${pinnedNodeVersion()}-bookworm`,
      `${pinnedNodeVersion()}-bookworm-slim`,
    ]);
  });
});
