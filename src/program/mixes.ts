// The mutation kinds and the preset mixes of them (`--mix`). Apart from the mutator so that the
// command line can list them without loading the DSL.

export type MutationKind = 'constant' | 'primitive' | 'argument' | 'drop' | 'splice';

/** How often each kind is tried (weights summing to 1). */
export type Mix = Readonly<Record<MutationKind, number>>;

/**
 * The presets. `default`: mostly small local changes, occasionally structural
 * ones. `codeit`: CodeIt's mutation baseline (argument 0.5, primitive 0.25,
 * variable 0.25, one node per mutant); its "argument" (a terminal argument
 * replaced by another of its type) is our `constant`, its "variable" (an
 * argument variable replaced by another) our `argument`.
 */
export const MIXES: Readonly<Record<string, Mix>> = {
  default: { constant: 0.3, primitive: 0.25, argument: 0.3, drop: 0.08, splice: 0.07 },
  codeit: { constant: 0.5, primitive: 0.25, argument: 0.25, drop: 0, splice: 0 },
};
