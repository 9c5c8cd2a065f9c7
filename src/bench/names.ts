// The bench's workload names. Apart from the workloads so that the command line can list them
// without loading them.

export const WORKLOADS = ['small', 'large', 'arc', 'mutants', '007bbfb7', 'harness'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

export const ALL_BENCHES = [...WORKLOADS, 'dsl'] as const;
/** Benches that run only when named (they need the user's files). */
export const EXTRA_BENCHES = ['library'] as const;
