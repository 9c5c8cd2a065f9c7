// How V8 compiles the programs' code: a smaller inlining budget for TurboFan,
// and a larger interrupt budget, set when programs are about to run rather
// than at start-up.
//
// Less inlining per optimised function (V8's default budget is 920 bytes of
// bytecode): most of a run is a cold process compiling the DSL while it runs,
// and smaller optimised functions compile sooner on the second core (measured
// on arc-dsl mutants: the score phase of a cold run 15-20 % faster and 25 %
// less CPU, steady state unchanged; README, "Measured").
//
// A function is considered for TurboFan after it has run through its interrupt
// budget a few times (bytecodes executed, V8's default 66 KB): four times that
// budget leaves short-lived work to Sparkplug's code a little longer and gives
// TurboFan more type feedback when it does compile (measured: a cold check of
// arc-dsl's 400 solvers 7-10 % faster, 007bbfb7 x 1000 in the pool 12-17 %,
// ten tasks x 1000 mutants unchanged; but the smallest tasks and a few warm
// repeats of a program are slower: the cold per-task median against CPython
// 2.8-2.9x -> 2.4x, `bench --library --runs 5` medians 76-77 -> 78-85 ms;
// README, "Measured", "One file to start from").
//
// Not at start-up: V8 keeps a hash of its flags in every code cache, and
// Node's built-in modules come with one made under V8's defaults. While a flag
// differs from its default, every built-in module loaded (by the CLI's imports,
// and by each worker thread as it starts) is compiled from source instead:
// 10 ms more to import the CLI and 10-12 ms more per worker. By the time the
// first program runs, the process has loaded what it needs and the pool's
// workers have started. V8's flags are the process's: set from any thread, it
// holds for every thread.

import { setFlagsFromString } from 'node:v8';

let tuned = false;

/** V8's flags for the programs (V8's defaults: 920 and 67584). */
export const PROGRAM_FLAGS = '--max-inlined-bytecode-size-cumulative=200 --interrupt-budget=270336';

/** Sets the programs' V8 flags, once per process (RUN_BATT_V8_DEFAULTS=1 keeps V8's defaults). */
export function tuneForPrograms(): void {
  if (tuned) return;
  tuned = true;
  if (!process.env.RUN_BATT_V8_DEFAULTS) setFlagsFromString(PROGRAM_FLAGS);
}
