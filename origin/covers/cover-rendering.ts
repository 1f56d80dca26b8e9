import { renderCoverRenditions, type CoverRenditions } from '../../shared/covers/cover-renditions';
import { createRenderSlots, type RenderSlots } from './render-slots';

/** How this process renders covers: the renderer, and the slots that bound how many at once. */
export interface CoverRendering {
  slots: RenderSlots;
  render(image: Buffer): Promise<CoverRenditions>;
}

/** The origin's cover rendering; tests pass their own renderer to hold renders at will. */
export function createCoverRendering(overrides: Partial<CoverRendering> = {}): CoverRendering {
  return {
    slots: overrides.slots ?? createRenderSlots(),
    render: overrides.render ?? renderCoverRenditions,
  };
}
