import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTINGS } from '../shared/config';

/** Where the generated table lives; the README links to it. */
export const CONFIGURATION_DOC = join(__dirname, '..', 'docs', 'configuration.md');

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

/**
 * docs/configuration.md as the declarations in shared/config.ts describe the settings, before
 * Prettier aligns its columns (`npm run docs:config` runs both).
 */
export function renderConfigurationDoc(): string {
  const rows = Object.entries(SETTINGS).map(
    ([name, setting]) =>
      `| \`${name}\` | ${setting.fallback === undefined ? '—' : `\`${escapeCell(setting.fallback)}\``} | ${escapeCell(setting.doc)} |`,
  );
  return [
    '# Configuration',
    '',
    'Everything comes from environment variables, validated at start-up; a wrong value stops the',
    'process with a one-line message naming the variable.',
    '',
    '<!-- Generated from the declarations in shared/config.ts by `npm run docs:config`; a test fails when it is stale. -->',
    '',
    '| variable | default | meaning |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

if (require.main === module) writeFileSync(CONFIGURATION_DOC, renderConfigurationDoc());
