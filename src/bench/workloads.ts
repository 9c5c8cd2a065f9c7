// Fixed, seeded benchmark workloads: tasks and the battery each task runs.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadTasks, type Task } from '../task/load.js';
import { loadPrograms } from '../program/load.js';
import { buildGraph } from '../program/graph.js';
import { parseSolvers } from '../program/parse.js';
import { collectParents, makeCard } from '../pipeline/card.js';
import type { Battery } from '../pipeline/run.js';
import type { WorkloadName } from './names.js';

export interface Workload {
  readonly name: string;
  readonly description: string;
  readonly tasks: readonly Task[];
  readonly batteries: ReadonlyMap<string, Battery>;
  /** The folder the tasks come from (run's --data), for runs as processes. */
  readonly data: string;
  /** Where each battery comes from, for runs as processes: its text (a card), or a folder of solver files. */
  readonly sources: ReadonlyMap<Battery, BatterySource>;
}

export type BatterySource = { readonly text: string } | { readonly dir: string };

interface Batteries {
  readonly batteries: Map<string, Battery>;
  readonly sources: Map<Battery, BatterySource>;
}

export type WorkloadResult = Workload | { readonly name: string; readonly skipped: string };

export interface WorkloadPaths {
  readonly tasks: string;
  readonly solvers: string;
  /** ARC-AGI-1 training, for the arc workload. */
  readonly arc: string;
  /** arc-dsl's solvers.py, the parents of the mutant workloads. */
  readonly arcDsl: string;
}

/** One battery of `size` candidates mutated from arc-dsl's solvers (and ours) for all `tasks` together. */
async function mutated(tasks: readonly Task[], paths: WorkloadPaths, size: number): Promise<Batteries> {
  const ids = tasks.map((t) => t.id);
  const parents = await collectParents(ids, [paths.solvers, paths.arcDsl], []);
  const text = makeCard(parents, ids.length === 1 ? ids[0] : 'battery', size, 1).text;
  const programs = parseSolvers(text, 'batt.py').programs;
  const battery = { programs, graph: buildGraph(programs) };
  return { batteries: new Map(ids.map((id) => [id, battery])), sources: new Map([[battery, { text }]]) };
}

async function generated(tasks: readonly Task[], solvers: string, size: number, seed: number): Promise<Batteries> {
  const batteries = new Map<string, Battery>();
  const sources = new Map<Battery, BatterySource>();
  for (const t of tasks) {
    const parents = await collectParents([t.id], [solvers], []);
    const text = makeCard(parents, t.id, size, seed).text;
    const programs = parseSolvers(text, `${t.id}/batt.py`).programs;
    const battery = { programs, graph: buildGraph(programs) };
    batteries.set(t.id, battery);
    sources.set(battery, { text });
  }
  return { batteries, sources };
}

export async function prepareWorkload(name: WorkloadName, paths: WorkloadPaths): Promise<WorkloadResult> {
  switch (name) {
    case 'small': {
      const tasks = (await loadTasks(paths.tasks)).tasks.slice(0, 6);
      return { name, description: `${tasks.length} shipped tasks, generated 200-candidate batteries (seed 1)`, tasks, data: paths.tasks, ...(await generated(tasks, paths.solvers, 200, 1)) };
    }
    case 'large': {
      const ids = ['007bbfb7', '3af2c5a8', '1cf80156'];
      const tasks = (await loadTasks(paths.tasks)).tasks.filter((t) => ids.includes(t.id));
      return { name, description: `${tasks.length} shipped tasks, generated 1200-candidate batteries (seed 1)`, tasks, data: paths.tasks, ...(await generated(tasks, paths.solvers, 1200, 1)) };
    }
    case 'mutants':
    case '007bbfb7':
    case 'harness': {
      for (const p of [paths.arc, paths.arcDsl]) if (!existsSync(p)) return { name, skipped: `${p} not found` };
      const all = (await loadTasks(paths.arc)).tasks;
      const tasks = name === 'mutants' ? all.slice(0, 10) : all.filter((t) => t.id === '007bbfb7');
      const size = name === 'harness' ? 630 : 1000;
      const what = name === 'harness' ? "the Python harness's 128-parent shape" : 'seed 1';
      return { name, description: `${tasks.length} real ARC-AGI-1 training task(s), one ${size}-candidate battery mutated from arc-dsl's solvers (${what})`, tasks, data: paths.arc, ...(await mutated(tasks, paths, size)) };
    }
    case 'arc': {
      if (!existsSync(paths.arc)) return { name, skipped: `${paths.arc} not found` };
      const tasks = (await loadTasks(paths.arc)).tasks;
      const library = (await loadPrograms([paths.solvers])).programs;
      const battery = { programs: library, graph: buildGraph(library) };
      return {
        name,
        description: `ARC-AGI-1 training (${tasks.length} tasks from ${path.basename(path.dirname(paths.arc))}/${path.basename(paths.arc)}), the solver library as battery (${library.length} programs)`,
        tasks,
        batteries: new Map(tasks.map((t) => [t.id, battery])),
        data: paths.arc,
        sources: new Map([[battery, { dir: paths.solvers }]]),
      };
    }
  }
}
