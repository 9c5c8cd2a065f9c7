// What the HTML page shows, built from a saved --json report of run, search
// or check (the page is drawn from this view only, so `--html` and
// `run-batt report` give the same page).

import type { ReportGrids, ReportTop } from './grids.js';

export type ReportKind = 'run' | 'search' | 'check';
export type TaskState = 'solved' | 'unsolved' | 'error';

/** A program as the page shows it: a report's top program, with a label, and md5 and score optional (check's solvers). */
export interface ViewProgram extends Omit<ReportTop, 'md5' | 'score'> {
  /** md5, or the solver's name for check. */
  readonly label: string;
  readonly md5?: string;
  readonly score?: number;
}

export interface ViewTask {
  readonly id: string;
  readonly state: TaskState;
  /** One line: best score, pairs ok, or the error. */
  readonly note: string;
  readonly ms?: number;
  readonly statuses?: Record<string, number>;
  /** search: solved in a generation, not by the library alone. */
  readonly newly?: boolean;
  readonly grids?: ReportGrids;
  readonly programs: ViewProgram[];
}

export interface ViewPhase {
  readonly name: string;
  readonly wallMs: number;
  readonly taskMs: number;
  readonly cpuMs: number;
  readonly items: number;
}

export interface ViewRound {
  readonly label: string;
  readonly solved: number;
  readonly newly: number;
  readonly wallMs: number;
  /** Wall time from the start of the search to the end of this round. */
  readonly atMs: number;
}

export interface ReportView {
  readonly kind: ReportKind;
  readonly title: string;
  readonly summary: string[];
  readonly statuses?: Record<string, number>;
  readonly phases?: ViewPhase[];
  readonly wallMs?: number;
  readonly cpuMs?: number;
  readonly tasks: ViewTask[];
  readonly rounds?: ViewRound[];
  readonly incomplete?: boolean;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export class ReportShapeError extends Error {}

export function reportKind(json: Json): ReportKind {
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    if (Array.isArray(json.generations) || (Array.isArray(json.rounds) && Array.isArray(json.librarySolved))) return 'search';
    if (Array.isArray(json.tasks) && Array.isArray(json.phases)) return 'run';
    if (Array.isArray(json.tasks) && typeof json.total === 'number') return 'check';
  }
  throw new ReportShapeError('not a run-batt --json report of run, search or check (expected "tasks" with "phases", "generations", or "total")');
}

const STATUS_ORDER = ['ok', 'wrong', 'error', 'timeout', 'oom'];

function sumStatuses(tasks: readonly Json[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(STATUS_ORDER.map((s) => [s, 0]));
  for (const t of tasks) for (const [k, v] of Object.entries(t.statuses ?? {})) out[k] = (out[k] ?? 0) + Number(v);
  return out;
}

const known = (g: ReportGrids | undefined) => (g ? [...g.train, ...g.test].filter((p) => p.output).length : undefined);

function runState(t: Json): TaskState {
  if (!t.best) return 'error';
  const k = known(t.grids);
  if (k !== undefined) return k > 0 && t.best.score >= 1000 * k ? 'solved' : 'unsolved';
  return (t.top?.[0]?.status ?? (t.statuses?.ok > 0 ? 'ok' : 'wrong')) === 'ok' ? 'solved' : 'unsolved';
}

function topPrograms(t: Json): ViewProgram[] {
  const top: Json[] = Array.isArray(t.top) ? t.top : t.best ? [{ ...t.best, status: runState(t) === 'solved' ? 'ok' : 'wrong' }] : [];
  return top.map((p) => ({ label: p.md5 ?? '?', md5: p.md5, score: p.score, status: p.status, tLog: p.tLog, ms: p.ms, error: p.error, source: p.source, outputs: p.outputs }));
}

function runTaskView(t: Json): ViewTask {
  const state = runState(t);
  const note = t.best ? `best ${t.best.score} (t_log ${t.best.tLog}) ${t.best.md5}` : 'no valid program';
  return { id: String(t.id), state, note, statuses: t.statuses, grids: t.grids, programs: topPrograms(t), ...(t.ms !== undefined ? { ms: t.ms } : {}) };
}

const fmtMs = (ms: number) => (ms < 1000 ? `${ms.toFixed(ms < 10 ? 2 : 1)} ms` : `${(ms / 1000).toFixed(2)} s`);

function counted(tasks: readonly ViewTask[]): string {
  const n = (s: TaskState) => tasks.filter((t) => t.state === s).length;
  return `solved ${n('solved')} / ${tasks.length}` + (n('error') > 0 ? `, ${n('error')} with errors` : '');
}

export function viewFromReport(json: Json, title?: string): ReportView {
  const kind = reportKind(json);
  if (kind === 'run') {
    const tasks: ViewTask[] = json.tasks.map(runTaskView);
    const statuses = sumStatuses(json.tasks);
    return {
      kind,
      title: title ?? `run-batt run: ${tasks.length === 1 ? tasks[0].id : `${tasks.length} tasks`}`,
      summary: [
        counted(tasks),
        `${json.tasks.reduce((s: number, t: Json) => s + (t.candidates ?? 0), 0).toLocaleString('en-US')} candidates, ${json.tasks.reduce((s: number, t: Json) => s + (t.unique ?? 0), 0).toLocaleString('en-US')} unique`,
        `${json.mode ?? '?'} with ${json.workers ?? '?'} worker(s), wall ${fmtMs(json.wallMs ?? 0)}, cpu ${fmtMs(json.cpuMs ?? 0)}`,
        ...(json.cache ? [`validation cache: ${json.cache.hits} hits, ${json.cache.misses} misses`] : []),
      ],
      statuses,
      phases: json.phases,
      wallMs: json.wallMs,
      cpuMs: json.cpuMs,
      tasks,
      ...(json.incomplete ? { incomplete: true } : {}),
    };
  }
  if (kind === 'check') {
    const tasks: ViewTask[] = json.tasks.map((t: Json): ViewTask => {
      const wrongOnly = typeof t.error === 'string' && /^pair \d+: wrong output$/.test(t.error);
      const state: TaskState = t.solved ? 'solved' : t.error && !wrongOnly ? 'error' : 'unsolved';
      const p = t.program;
      return {
        id: String(t.id),
        state,
        note: `${t.pairsOk} / ${t.pairs} pairs${t.error ? `; ${t.error}` : ''}`,
        ms: t.ms,
        grids: t.grids,
        programs: p ? [{ label: p.name ?? `solve_${t.id}`, md5: p.md5, status: t.solved ? 'ok' : state === 'error' ? 'error' : 'wrong', ms: t.ms, error: t.error, source: p.source, outputs: p.outputs }] : [],
      };
    });
    return {
      kind,
      title: title ?? `run-batt check: ${tasks.length === 1 ? tasks[0].id : `${tasks.length} tasks`}`,
      summary: [`solved ${json.solved} / ${json.total}`, `time in programs ${fmtMs(tasks.reduce((s, t) => s + (t.ms ?? 0), 0))}, wall ${fmtMs(json.wallMs ?? 0)}`],
      wallMs: json.wallMs,
      tasks,
    };
  }
  // search: the cross-task search's rounds (or an older report's generations)
  if (Array.isArray(json.rounds)) return searchRoundsView(json, title);
  const gens: Json[] = json.generations;
  const base = new Set<string>(gens[0]?.solved ?? []);
  const newly = new Set<string>((json.newlySolved ?? []).map((n: Json) => n.id));
  let at = 0;
  const seen = new Set<string>(base);
  const rounds: ViewRound[] = gens.map((g) => {
    at += g.wallMs ?? 0;
    const fresh = (g.solved as string[]).filter((id) => !seen.has(id));
    for (const id of fresh) seen.add(id);
    return { label: g.generation === 0 ? 'library' : `gen ${g.generation}`, solved: g.solved.length, newly: g.generation === 0 ? 0 : fresh.length, wallMs: g.wallMs ?? 0, atMs: at };
  });
  const lastSolved = new Set<string>(gens[gens.length - 1]?.solved ?? []);
  const tasks: ViewTask[] = (json.tasks as Json[]).map((t) => {
    const state: TaskState = !t.best ? 'error' : lastSolved.has(t.id) || newly.has(t.id) ? 'solved' : 'unsolved';
    const history = gens.map((g) => g.best?.[t.id] ?? '-').join(' → ');
    return { id: String(t.id), state, note: `scores ${history}${t.best ? `; best ${t.best.md5}` : ''}`, statuses: t.statuses, grids: t.grids, programs: topPrograms(t), ...(newly.has(t.id) ? { newly: true } : {}) };
  });
  // Newly solved first, then the order of the report.
  tasks.sort((a, b) => Number(Boolean(b.newly)) - Number(Boolean(a.newly)));
  return {
    kind,
    title: title ?? `run-batt search: ${tasks.length} task(s), ${gens.length - 1} generation(s)`,
    summary: [
      `library alone: solved ${base.size} / ${tasks.length}; after the search: ${seen.size} / ${tasks.length}`,
      `newly solved: ${newly.size === 0 ? 'none' : [...newly].join(', ')}`,
      `${gens.reduce((s, g) => s + (g.candidates ?? 0), 0).toLocaleString('en-US')} candidates in ${gens.length} round(s), wall ${fmtMs(at)}`,
    ],
    statuses: sumStatuses(json.tasks),
    ...(Array.isArray(json.phases) ? { phases: json.phases } : {}),
    wallMs: at,
    tasks,
    rounds,
  };
}

/** The cross-task search's report: rounds with cumulative solved counts, tasks with their best and (with extras) grids. */
function searchRoundsView(json: Json, title?: string): ReportView {
  const library = new Set<string>(json.librarySolved ?? []);
  const solved = new Set<string>(json.solved ?? []);
  const newly = new Set<string>((json.newlySolved ?? []).map((n: Json) => n.id));
  const rounds: ViewRound[] = (json.rounds as Json[]).map((r) => ({
    label: r.kind === 'library' ? 'library' : `round ${r.round}`,
    solved: r.solved ?? 0,
    newly: r.kind === 'library' ? 0 : (r.newlySolved ?? []).length,
    wallMs: r.wallMs ?? 0,
    atMs: r.endMs ?? 0,
  }));
  const tasks: ViewTask[] = (json.tasks as Json[]).map((t) => {
    const state: TaskState = solved.has(t.id) ? 'solved' : t.best ? 'unsolved' : 'error';
    const note = `demo score ${t.demoBest ?? '-'} of ${(t.demos ?? 0) * 1000}${t.best ? `; best ${t.best.md5} (${t.best.score})` : ''}${library.has(t.id) ? '; solved by the library' : ''}`;
    return { id: String(t.id), state, note, statuses: t.statuses, grids: t.grids, programs: topPrograms(t), ...(newly.has(t.id) ? { newly: true } : {}) };
  });
  tasks.sort((a, b) => Number(Boolean(b.newly)) - Number(Boolean(a.newly)));
  return {
    kind: 'search',
    title: title ?? `run-batt search: ${tasks.length} task(s), ${rounds.length} round(s)`,
    summary: [
      `library alone: solved ${library.size} / ${tasks.length}; after the search: ${solved.size} / ${tasks.length}; overfit ${json.overfit ?? 0}`,
      `newly solved: ${newly.size === 0 ? 'none' : [...newly].join(', ')}`,
      `${(json.candidates ?? 0).toLocaleString('en-US')} candidates (${json.candidatesPerSecond ?? 0}/s) in ${rounds.length} round(s), wall ${fmtMs(json.wallMs ?? 0)}`,
    ],
    ...(Array.isArray(json.phases) ? { phases: json.phases } : {}),
    wallMs: json.wallMs,
    tasks,
    rounds,
    ...(json.incomplete ? { incomplete: true } : {}),
  };
}
