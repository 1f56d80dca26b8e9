import { readFileSync } from 'node:fs';
import { CONFIGURATION_DOC, renderConfigurationDoc } from '../../scripts/configuration-table';
import { SETTINGS } from '../../shared/config';

/** The text without the padding Prettier adds to align a table's columns. */
const unaligned = (markdown: string) => markdown.replace(/ {2,}/g, ' ').replace(/-{3,}/g, '---');

describe('docs/configuration.md', () => {
  test('when a setting is declared or changed in shared/config.ts, then the table says so (npm run docs:config)', () => {
    expect(unaligned(readFileSync(CONFIGURATION_DOC, 'utf8'))).toBe(
      unaligned(renderConfigurationDoc()),
    );
  });

  test('when the table is read, then every declared variable has a row with what it is for', () => {
    const doc = readFileSync(CONFIGURATION_DOC, 'utf8');
    for (const [name, setting] of Object.entries(SETTINGS)) {
      expect(setting.doc.length).toBeGreaterThan(10);
      expect(doc).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
    }
  });
});
