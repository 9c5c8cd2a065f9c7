// A task's samples as they cross to workers: every demo and test input, with
// the expected output where it is known.

import type { Task } from '../task/load.js';
import { toWire, type WireGrid } from '../task/grid.js';

export interface Sample {
  readonly input: WireGrid;
  /** Absent for test inputs whose output is unknown (Kaggle without solutions). */
  readonly output?: WireGrid;
}

export function taskSamples(task: Task): Sample[] {
  return [...task.train, ...task.test].map((ex) => ({
    input: toWire(ex.input),
    ...(ex.output ? { output: toWire(ex.output) } : {}),
  }));
}
