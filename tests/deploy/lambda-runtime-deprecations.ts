/**
 * AWS Lambda's Node.js runtimes and their deprecation schedule, from
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (read 2026-11-30).
 * On `deprecated` AWS stops patching the runtime; after `blockCreate` a first deploy fails.
 * When AWS announces the next date, it is one line here.
 */
export interface RuntimeDeprecation {
  runtime: string;
  deprecated: string;
  blockCreate?: string;
  blockUpdate?: string;
}

export const LAMBDA_NODE_RUNTIMES: readonly RuntimeDeprecation[] = [
  {
    runtime: 'nodejs16.x',
    deprecated: '2024-06-12',
    blockCreate: '2025-09-01',
    blockUpdate: '2025-10-01',
  },
  {
    runtime: 'nodejs18.x',
    deprecated: '2025-09-01',
    blockCreate: '2026-02-03',
    blockUpdate: '2026-03-09',
  },
  {
    runtime: 'nodejs20.x',
    deprecated: '2026-04-30',
    blockCreate: '2026-08-31',
    blockUpdate: '2026-09-30',
  },
  {
    runtime: 'nodejs22.x',
    deprecated: '2027-04-30',
    blockCreate: '2027-06-01',
    blockUpdate: '2027-07-01',
  },
  {
    runtime: 'nodejs24.x',
    deprecated: '2028-04-30',
    blockCreate: '2028-06-01',
    blockUpdate: '2028-07-01',
  },
];

/** Why a runtime may not be deployed on `day` (YYYY-MM-DD), or undefined when it may. */
export function runtimeRefusal(runtime: string, day: string): string | undefined {
  const entry = LAMBDA_NODE_RUNTIMES.find((candidate) => candidate.runtime === runtime);
  if (!entry) return `${runtime} is not a Node.js runtime this list knows`;
  if (entry.deprecated <= day) return `${runtime} was deprecated by AWS on ${entry.deprecated}`;
  return undefined;
}
