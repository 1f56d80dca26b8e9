import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, with line continuations joined and comments dropped. */
function instructions(): Instruction[] {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\r?\n/g, ' ');
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** The instructions of the last stage, the one that becomes the image. */
function finalStage(): Instruction[] {
  const all = instructions();
  const lastFrom = all.map((instruction) => instruction.keyword).lastIndexOf('FROM');
  return all.slice(lastFrom);
}

describe('Dockerfile', () => {
  test('when built, then it has several stages and the image copies only production dependencies', () => {
    const all = instructions();
    const stages = all.filter((instruction) => instruction.keyword === 'FROM');
    const dependencyStage = all.find(
      (instruction) => instruction.keyword === 'RUN' && instruction.args.includes('--omit=dev'),
    );
    const copiedModules = finalStage().filter(
      (instruction) => instruction.keyword === 'COPY' && instruction.args.includes('node_modules'),
    );

    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dependencyStage?.args).toMatch(/npm ci --omit=dev/);
    expect(copiedModules).toHaveLength(1);
    expect(copiedModules[0]?.args).toMatch(/--from=production-dependencies/);
  });

  test('when built, then its stages start from pinned Node 24 images, the runtime from the slim one', () => {
    const all = instructions();
    const defaults = Object.fromEntries(
      all
        .filter((instruction) => instruction.keyword === 'ARG')
        .map((instruction) => instruction.args.split('=') as [string, string]),
    );
    const stages = all
      .filter((instruction) => instruction.keyword === 'FROM')
      .map((instruction) => {
        const [base, , name] = instruction.args.split(/\s+/);
        return { base, name };
      });
    const names = stages.map((stage) => stage.name);

    expect(defaults.NODE_BUILD_IMAGE).toMatch(/^node:24\.\d+\.\d+-bookworm$/);
    expect(defaults.NODE_IMAGE).toBe(`${defaults.NODE_BUILD_IMAGE}-slim`);
    // Every stage starts from one of the two images or from a stage before it.
    stages.forEach(({ base }, index) =>
      expect(['${NODE_BUILD_IMAGE}', '${NODE_IMAGE}', ...names.slice(0, index)]).toContain(base),
    );
    expect(stages.filter(({ base }) => base === '${NODE_IMAGE}').map(({ name }) => name)).toEqual([
      'mail',
      'runtime',
    ]);
    expect(stages.at(-1)?.name).toBe('runtime');
  });

  test('when built for development, then that target runs the TypeScript sources through tsx as a non-root user', () => {
    const all = instructions();
    const start = all.findIndex(
      (instruction) =>
        instruction.keyword === 'FROM' && instruction.args.endsWith('AS development'),
    );
    const end = all.findIndex(
      (instruction, index) => index > start && instruction.keyword === 'FROM',
    );
    const stage = all.slice(start, end);
    const copied = stage
      .filter((instruction) => instruction.keyword === 'COPY')
      .map((instruction) => instruction.args);

    expect(stage[0]?.args).toBe('dependencies AS development');
    for (const folder of ['shared', 'origin', 'handlers', 'edge', 'web'])
      expect(copied).toContain(`--chown=node:node ${folder} ./${folder}`);
    expect(stage.filter((instruction) => instruction.keyword === 'USER').at(-1)?.args).toBe('node');
    expect(
      JSON.parse(stage.find((instruction) => instruction.keyword === 'CMD')?.args ?? '[]'),
    ).toEqual(['node', '--import', 'tsx', 'origin/server.ts']);
  });

  test('when it installs the production dependencies, then sqlite3 is left out (containers use MySQL)', () => {
    const install = instructions().find(
      (instruction) => instruction.keyword === 'RUN' && instruction.args.includes('--omit=dev'),
    );

    expect(install?.args).toMatch(/^npm pkg delete dependencies\.sqlite3 && npm ci --omit=dev/);
  });

  test('when it runs, then it runs as a non-root user', () => {
    const users = finalStage().filter((instruction) => instruction.keyword === 'USER');

    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)?.args).not.toMatch(/^(root|0)(:|$)/);
  });

  test('when it runs, then its servers listen on every interface of the container', () => {
    const environment = finalStage()
      .filter((instruction) => instruction.keyword === 'ENV')
      .map((instruction) => instruction.args)
      .join(' ');

    expect(environment.split(/\s+/)).toContain('HOST=0.0.0.0');
  });

  test('when it runs, then a HEALTHCHECK asks /healthz', () => {
    const healthcheck = finalStage().find((instruction) => instruction.keyword === 'HEALTHCHECK');

    expect(healthcheck?.args).toContain('/healthz');
  });

  test('when it starts, then its CMD is the start:origin script the tests run', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    const cmd = finalStage().find((instruction) => instruction.keyword === 'CMD');

    expect(JSON.parse(cmd?.args ?? '[]')).toEqual(scripts['start:origin']?.split(' '));
  });

  test('when it compiles, then it copies every folder the build configuration includes', () => {
    const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as {
      include: string[];
    };
    const copied = instructions()
      .filter((instruction) => instruction.keyword === 'COPY')
      .map((instruction) => instruction.args.split(/\s+/)[0]);

    expect(copied).toEqual(expect.arrayContaining(build.include));
  });

  test('when the build context is sent, then local secrets and databases stay out of it', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split(/\r?\n/);

    expect(ignored).toEqual(
      expect.arrayContaining(['.env', '*.pem', 'data', 'node_modules', '*.sqlite']),
    );
  });
});
