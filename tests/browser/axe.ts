import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** One failed axe rule: its id, how bad, and the CSS selectors of the elements that fail it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  targets: string[];
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// WCAG 2.1 A and AA, and axe's best practices (landmarks among them).
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Runs axe-core on the page as it is now. The page's context must be
 * made with `bypassCSP: true`: the pages' CSP rightly refuses an injected script.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  // An expression evaluated in the page (this project type-checks without the DOM's types).
  const run = `axe
    .run({ runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } })
    .then((results) => results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    })))`;
  return page.evaluate<AxeViolation[]>(run);
}
