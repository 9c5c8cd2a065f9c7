// `run-batt merge FILE... [-o FILE] [--submission FILE]`: combines the JSON
// reports of shards (run, search or check reports, from --json) into one, and
// their Kaggle submissions into one. Each input's kind is read from its
// content; a task found in two inputs is an error (the shards overlap).

import { readFile } from 'node:fs/promises';
import { sumPhases, type PhaseTiming } from '../timing/phases.js';
import { roundedThreadCpu, sumThreadCpu, type ThreadCpu } from '../timing/threads.js';
import { EXIT, InputError } from '../errors.js';
import type { MergeOptions } from '../options.js';
import { displayPath, writeJson } from './common.js';
import { roundMs } from '../format.js';

type Json = Record<string, unknown>;
type Kind = 'run' | 'search' | 'check' | 'submission';

interface Input {
  readonly file: string;
  readonly kind: Kind;
  readonly json: Json;
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function kindOf(json: unknown, file: string): Kind {
  if (!isObject(json)) throw new InputError(`${file}: not a run-batt report or submission (expected a JSON object)`);
  if (Array.isArray(json.generations)) return 'search';
  if (Array.isArray(json.tasks) && Array.isArray(json.phases)) return 'run';
  if (Array.isArray(json.tasks) && typeof json.solved === 'number') return 'check';
  const values = Object.values(json);
  if (values.length > 0 && values.every((v) => Array.isArray(v) && v.every((a) => isObject(a) && 'attempt_1' in a && 'attempt_2' in a))) return 'submission';
  if (values.length === 0) return 'submission';
  throw new InputError(`${file}: not a run-batt report (run, search or check --json) or a Kaggle submission`);
}

async function readInput(file: string): Promise<Input> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: malformed JSON: ${(e as Error).message}`);
  }
  return { file, kind: kindOf(json, file), json: json as Json };
}

/** Concatenates per-task entries (sorted by id), refusing a task that two inputs both have. */
function mergeTasks(inputs: readonly Input[], key = 'tasks'): Json[] {
  const owner = new Map<string, string>();
  const out: Json[] = [];
  for (const input of inputs) {
    for (const t of input.json[key] as Json[]) {
      const id = String(t.id);
      const prev = owner.get(id);
      if (prev !== undefined) throw new InputError(`task ${id} is in both ${prev} and ${input.file}: the shards overlap`);
      owner.set(id, input.file);
      out.push(t);
    }
  }
  return out.sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** Which shards are there, and which of 1..N are missing (when the reports say). */
function shardNote(inputs: readonly Input[]): { shards: Json[]; missing: string[] } {
  const shards = inputs.map((i) => ({ file: i.file, ...(isObject(i.json.shard) ? { shard: i.json.shard } : {}), wallMs: num(i.json.wallMs) }));
  const seen = inputs.map((i) => i.json.shard).filter(isObject) as { k: number; n: number }[];
  const missing: string[] = [];
  if (seen.length === inputs.length && seen.length > 0 && seen.every((s) => s.n === seen[0].n)) {
    const n = seen[0].n;
    for (let k = 1; k <= n; k++) if (!seen.some((s) => s.k === k)) missing.push(`${k}/${n}`);
  }
  return { shards, missing };
}

/** The shards' CPU by thread, added up; null unless every shard's report has it. */
function mergedThreadCpu(inputs: readonly Input[]): ThreadCpu | null {
  const sum = sumThreadCpu(inputs.map((i) => (isObject(i.json.threadCpu) ? (i.json.threadCpu as unknown as ThreadCpu) : undefined)));
  return sum ? roundedThreadCpu(sum) : null;
}

function mergeRun(inputs: readonly Input[]): Json {
  const phases = sumPhases(inputs.map((i) => i.json.phases as PhaseTiming[])).map((p) => ({ ...p, wallMs: roundMs(p.wallMs), taskMs: roundMs(p.taskMs), cpuMs: roundMs(p.cpuMs) }));
  const caches = inputs.map((i) => i.json.cache).filter(isObject);
  const { shards, missing } = shardNote(inputs);
  return {
    tasks: mergeTasks(inputs),
    phases,
    // Shards run side by side: the merged run took as long as its slowest shard.
    wallMs: Math.max(0, ...inputs.map((i) => num(i.json.wallMs))),
    cpuMs: roundMs(inputs.reduce((s, i) => s + num(i.json.cpuMs), 0)),
    threadCpu: mergedThreadCpu(inputs),
    mode: [...new Set(inputs.map((i) => String(i.json.mode)))].join('+'),
    workers: inputs.reduce((s, i) => s + num(i.json.workers), 0),
    cache: caches.length > 0 ? { hits: caches.reduce((s, c) => s + num(c.hits), 0), misses: caches.reduce((s, c) => s + num(c.misses), 0) } : null,
    ...(inputs.some((i) => i.json.incomplete === true) || missing.length > 0 ? { incomplete: true } : {}),
    merged: { shards, ...(missing.length > 0 ? { missing } : {}) },
  };
}

function mergeCheck(inputs: readonly Input[]): Json {
  const tasks = mergeTasks(inputs);
  const { shards, missing } = shardNote(inputs);
  return {
    tasks,
    solved: tasks.filter((t) => t.solved === true).length,
    total: tasks.length,
    wallMs: Math.max(0, ...inputs.map((i) => num(i.json.wallMs))),
    cpuMs: roundMs(inputs.reduce((s, i) => s + num(i.json.cpuMs), 0)),
    threadCpu: mergedThreadCpu(inputs),
    ...(missing.length > 0 ? { incomplete: true } : {}),
    merged: { shards, ...(missing.length > 0 ? { missing } : {}) },
  };
}

function mergeSearch(inputs: readonly Input[]): Json {
  const byGen = new Map<number, Json[]>();
  for (const i of inputs) for (const g of i.json.generations as Json[]) byGen.set(num(g.generation), [...(byGen.get(num(g.generation)) ?? []), g]);
  const generations = [...byGen.entries()]
    .sort(([a], [b]) => a - b)
    .map(([generation, gs]) => ({
      generation,
      candidates: gs.reduce((s, g) => s + num(g.candidates), 0),
      unique: gs.reduce((s, g) => s + num(g.unique), 0),
      solved: gs.flatMap((g) => (Array.isArray(g.solved) ? g.solved : [])).sort(),
      best: Object.assign({}, ...gs.map((g) => (isObject(g.best) ? g.best : {}))),
      wallMs: Math.max(0, ...gs.map((g) => num(g.wallMs))),
    }));
  const { shards, missing } = shardNote(inputs);
  return {
    generations,
    newlySolved: inputs.flatMap((i) => (Array.isArray(i.json.newlySolved) ? i.json.newlySolved : [])),
    tasks: mergeTasks(inputs),
    ...(inputs.some((i) => i.json.incomplete === true) || missing.length > 0 ? { incomplete: true } : {}),
    merged: { shards, ...(missing.length > 0 ? { missing } : {}) },
  };
}

function mergeSubmissions(inputs: readonly Input[]): Json {
  const owner = new Map<string, string>();
  const out: Json = {};
  for (const input of inputs) {
    for (const [id, attempts] of Object.entries(input.json)) {
      const prev = owner.get(id);
      if (prev !== undefined) throw new InputError(`task ${id} is in both ${prev} and ${input.file}: the shards overlap`);
      owner.set(id, input.file);
      out[id] = attempts;
    }
  }
  return Object.fromEntries(Object.keys(out).sort().map((id) => [id, out[id]]));
}

export function mergeReports(inputs: readonly Input[]): Json {
  const kinds = [...new Set(inputs.map((i) => i.kind))];
  if (kinds.length > 1) throw new InputError(`cannot merge different kinds of report: ${inputs.map((i) => `${i.file} (${i.kind})`).join(', ')}`);
  switch (kinds[0]) {
    case 'run':
      return mergeRun(inputs);
    case 'check':
      return mergeCheck(inputs);
    case 'search':
      return mergeSearch(inputs);
    default:
      return mergeSubmissions(inputs);
  }
}

export async function mergeCommand(opts: MergeOptions): Promise<number> {
  const inputs = await Promise.all(opts.files.map(readInput));
  const reports = inputs.filter((i) => i.kind !== 'submission');
  const submissions = inputs.filter((i) => i.kind === 'submission');
  if (submissions.length > 0 && reports.length > 0 && !opts.submission) {
    throw new InputError(`${submissions.map((i) => i.file).join(', ')}: submission(s) among reports: give --submission FILE for the merged submission`);
  }
  const reportOut = reports.length > 0 ? opts.output : undefined;
  const submissionOut = submissions.length > 0 ? (reports.length > 0 ? opts.submission! : opts.submission ?? opts.output) : undefined;
  if (reportOut !== undefined && reportOut === submissionOut && reportOut !== '-') throw new InputError(`-o and --submission are the same file (${reportOut})`);
  if (reportOut !== undefined) {
    const merged = mergeReports(reports);
    writeJson(reportOut, merged);
    const n = (merged.tasks as unknown[]).length;
    const missing = (merged.merged as Json).missing as string[] | undefined;
    console.error(`merge: ${reports.length} ${reports[0].kind} report(s), ${n} task(s)${reportOut === '-' ? '' : ` -> ${displayPath(reportOut)}`}${missing ? `; missing shard(s) ${missing.join(', ')}` : ''}`);
  }
  if (submissionOut !== undefined) {
    const merged = mergeSubmissions(submissions);
    writeJson(submissionOut, merged);
    console.error(`merge: ${submissions.length} submission(s), ${Object.keys(merged).length} task(s)${submissionOut === '-' ? '' : ` -> ${displayPath(submissionOut)}`}`);
  }
  return EXIT.ok;
}
