/** Whether this process should still receive traffic; it stops on SIGTERM, before draining. */
export interface Readiness {
  isDraining(): boolean;
  startDraining(): void;
}

export function createReadiness(): Readiness {
  let draining = false;
  return {
    isDraining: () => draining,
    startDraining: () => {
      draining = true;
    },
  };
}
