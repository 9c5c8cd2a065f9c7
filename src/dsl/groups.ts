// The registry's groups as the docs and `run-batt primitives` title them. Apart from the registry
// so that the command line can name them without loading the DSL.

import type { Group } from './registry.js';

export const GROUP_TITLES: Record<Group, string> = {
  logic: 'Logic and arithmetic',
  containers: 'Containers',
  grids: 'Grids',
  patches: 'Patches and objects',
  higher: 'Higher-order',
};
