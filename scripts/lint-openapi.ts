import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../shared/api/openapi-document';

/**
 * Lints the OpenAPI document the catalog function serves with Spectral's OpenAPI ruleset
 * (.spectral.yaml): errors fail, warnings are shown. CI runs it (.ci/run): npm run lint:openapi
 */
const directory = mkdtempSync(join(tmpdir(), 'bookstore-openapi-'));
const file = join(directory, 'openapi.json');
writeFileSync(file, JSON.stringify(buildOpenApiDocument(), null, 2));
const result = spawnSync(
  'spectral',
  ['lint', file, '--ruleset', join(__dirname, '..', '.spectral.yaml'), '--fail-severity', 'error'],
  { stdio: 'inherit' },
);
rmSync(directory, { recursive: true, force: true });
process.exitCode = result.status ?? 1;
