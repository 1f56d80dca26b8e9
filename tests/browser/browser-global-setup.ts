import { rmSync } from 'node:fs';
import { SCREENSHOT_DIR } from './browser';

/** Clears the screenshots of earlier runs once, before any browser test file writes its own. */
export default function clearScreenshots(): void {
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
}
