import { createCoverRendering, type CoverRendering } from '../../origin/covers/cover-rendering';
import { createRenderSlots, type RenderSlotLimits } from '../../origin/covers/render-slots';
import { renderCoverRenditions } from '../../shared/covers/cover-renditions';

export interface HeldCoverRendering {
  rendering: CoverRendering;
  /** Resolves once `count` uploads have asked for a render slot (running or waiting). */
  whenAdmitted(count: number): Promise<void>;
  /** Lets every held render, and every later one, go on. */
  release(): void;
}

/**
 * The real render slots and renderer, with each render held until `release()`: a test fills the
 * slots and the queue at will, with no timing involved.
 */
export function heldCoverRendering(limits: RenderSlotLimits): HeldCoverRendering {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const slots = createRenderSlots(limits);
  let admitted = 0;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const rendering = createCoverRendering({
    slots: {
      isSaturated: () => slots.isSaturated(),
      run(render) {
        admitted += 1;
        // Settled after the slot or queue place is taken: `run` decides that synchronously.
        const result = slots.run(render);
        for (const waiter of waiters.filter((w) => w.count <= admitted)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
        return result;
      },
    },
    render: async (image) => {
      await gate;
      return renderCoverRenditions(image);
    },
  });
  return {
    rendering,
    whenAdmitted: (count) =>
      admitted >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    release: () => release(),
  };
}
