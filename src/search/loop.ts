// The search loop: rounds of candidates, each tried on every selected task.
//
//   round 0    the library as it is (the baseline; skipped when resuming)
//   round 1    mutants of every library program, evenly (uniform coverage)
//   round 2..  half the mutants from the library (cheaper programs more often),
//              half from the evidence: near-misses and stored bests of unsolved tasks
//
// A candidate runs through the executor as part of a 'cross' job (a batch
// sharing one program graph, on every task's demos, stopping at a pair's
// first wrong demo). Candidates that fit every demo of a task, or that beat
// its best demo score with at least one exact demo, go through the run
// pipeline for that task (validate on demos and known tests, store, differs),
// together with what the store holds for it: the store is the record, so a
// task's best never drops, and its stored best are among the next parents.

import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Program } from '../program/ast.js';
import { canonical } from '../program/canonical.js';
import { buildGraph } from '../program/graph.js';
import { isSolved, POINTS_PER_SAMPLE } from '../status.js';
import { rng } from '../task/generate.js';
import type { Task } from '../task/load.js';
import type { Mix } from '../program/mixes.js';
import type { Executor } from '../exec/executor.js';
import { runTask, type Best, type TaskReport } from '../pipeline/run.js';
import { collectParents } from '../pipeline/card.js';
import { listTask } from '../pipeline/store.js';
import type { ValidationCache } from '../pipeline/cache.js';
import type { CrossJob, CrossResult } from '../jobs/cross.js';
import { packTasks } from '../jobs/pack.js';
import { costliestFirst, mutants, uniformCounts, weightedCounts, type Candidate, type SearchParent } from './generate.js';
import { appendSeen, loadSeen, loadState, nearMissesFromJson, nearMissesToJson, saveState, type NearMiss, type SavedState } from './state.js';

export interface SearchConfig {
  readonly tasks: readonly Task[];
  readonly library: readonly Program[];
  readonly out: string;
  readonly executor: Executor;
  readonly signal: AbortSignal;
  /** Per run (program, demo) time limit. */
  readonly timeoutMs: number;
  readonly keep: number;
  readonly cache?: ValidationCache;
  /** Candidates per mutation round. */
  readonly perRound: number;
  /** Mutation rounds (Infinity: until the time budget ends). */
  readonly generations: number;
  /** Wall-clock budget from `startedAt` (performance.now()). */
  readonly budgetMs?: number;
  readonly startedAt: number;
  readonly seed: number;
  readonly mix: Mix;
  readonly twoStep: number;
  /** Never credit a task with its own library solver (solve_<id>) or that solver's descendants. */
  readonly leaveOwnOut?: boolean;
  /** Also give every task with stored programs a pipeline report (for a submission). */
  readonly reportAll?: boolean;
  /** Mean ms per task above which a candidate is dropped (default SLOW_MS_PER_TASK). */
  readonly slowMs?: number;
  readonly onProgress?: (p: SearchProgress) => void;
  readonly onRound?: (r: RoundSummary) => void;
}

export interface SearchProgress {
  readonly round: number;
  readonly jobsDone: number;
  readonly jobs: number;
  readonly solved: number;
  readonly tasks: number;
  readonly candidatesPerSecond: number;
  readonly leftMs?: number;
}

export interface RoundSummary {
  readonly round: number;
  readonly kind: 'library' | 'mutants';
  readonly parents: number;
  /** Candidates tried on every task (a round cut short by the budget counts what it finished). */
  readonly candidates: number;
  readonly generated: number;
  readonly rejected: number;
  readonly duplicates: number;
  /** Program-demo runs. */
  readonly runs: number;
  readonly wallMs: number;
  readonly candidatesPerSecond: number;
  readonly runsPerSecond: number;
  /** Tasks solved after the round (cumulative). */
  readonly solved: number;
  readonly newlySolved: string[];
  readonly complete: boolean;
  /** Since the command started. */
  readonly endMs: number;
}

export interface SolvedBy {
  readonly id: string;
  readonly md5: string;
  readonly file: string;
}

export interface TaskOutcome {
  readonly id: string;
  readonly best: Best | null;
  readonly solved: boolean;
  /** Best demo score seen in this run (1000 per exact demo + credit). */
  readonly demoBest: number;
  readonly demos: number;
}

export interface SearchResult {
  readonly rounds: RoundSummary[];
  readonly solved: string[];
  readonly librarySolved: string[];
  readonly newlySolved: SolvedBy[];
  /** Programs that fit every demo of a task but miss a known test output. */
  readonly overfit: number;
  readonly curve: { minutes: number; solved: number }[];
  readonly tasks: TaskOutcome[];
  /** The last pipeline report per task (for submissions). */
  readonly reports: Map<string, TaskReport>;
  readonly interrupted: boolean;
  readonly resumed: boolean;
  /** Mutation rounds done in earlier runs with this --out. */
  readonly earlierRounds: number;
  readonly candidates: number;
  readonly runs: number;
  readonly searchMs: number;
}

/** Near-misses kept per task (the evidence parents). */
const NEAR_MISSES = 4;
/** Share of a later round's mutants drawn from the library. */
const LIBRARY_SHARE = 0.5;
/** Timeouts (or memory failures) after which a candidate is not tried on further tasks. */
const MAX_STRIKES = 2;
/** Estimated work per job: long enough to amortise messaging, short enough for progress and the budget. */
const JOB_TARGET_MS = 2500;
const MAX_JOB_CANDIDATES = 64;
const LIBRARY_PER_JOB = 4;
/** Default for SearchConfig.slowMs: mean ms per task above which a candidate is dropped (arc-dsl's solvers that solve evaluation tasks average 0.2-4 ms). */
export const SLOW_MS_PER_TASK = 10;
/** Candidates found between rounds are verified at least this often, for the solved-over-time curve. */
const VERIFY_EVERY_MS = 60_000;

interface TaskState {
  readonly task: Task;
  readonly index: number;
  /** The demo score of a program that fits every demo. */
  readonly full: number;
  /** Samples with a known output (demos and tests): solved means all exact. */
  readonly known: number;
  near: NearMiss[];
  readonly pending: Map<string, NearMiss>;
  demoBest: number;
  best: Best | null;
  bestProgram?: Program;
  solved: boolean;
  report?: TaskReport;
}

interface PlannedJob {
  readonly job: CrossJob;
  readonly candidates: readonly Candidate[];
}

export class Search {
  private readonly states: TaskState[];
  private readonly pack;
  private seen = new Set<string>();
  private readonly fresh: string[] = [];
  private readonly parentCost = new Map<string, number>();
  private readonly overfit = new Map<string, Set<string>>();
  private readonly curve: { minutes: number; solved: number }[] = [];
  private readonly rounds: RoundSummary[] = [];
  private librarySolved: string[] = [];
  private earlierRounds = 0;
  private lastVerify = performance.now();
  private verifying = false;
  private round = 0;
  private totalCandidates = 0;
  private totalRuns = 0;
  private searchMs = 0;

  constructor(private readonly cfg: SearchConfig) {
    this.states = cfg.tasks.map((task, index) => ({
      task,
      index,
      full: POINTS_PER_SAMPLE * task.train.length,
      known: [...task.train, ...task.test].filter((p) => p.output).length,
      near: [],
      pending: new Map(),
      demoBest: 0,
      best: null,
      solved: false,
    }));
    this.pack = packTasks(cfg.tasks);
  }

  /** Each task's best stored score so far (null: nothing stored). */
  bests(): Record<string, number | null> {
    return Object.fromEntries(this.states.map((s) => [s.task.id, s.best?.score ?? null]));
  }

  private get elapsedMs() {
    return performance.now() - this.cfg.startedAt;
  }
  private timeUp(): boolean {
    return this.cfg.budgetMs !== undefined && this.elapsedMs >= this.cfg.budgetMs;
  }
  private solvedCount() {
    return this.states.filter((s) => s.solved).length;
  }
  private mark() {
    this.curve.push({ minutes: Math.round((this.elapsedMs / 60000) * 1000) / 1000, solved: this.solvedCount() });
  }

  async run(): Promise<SearchResult> {
    const { cfg } = this;
    const library = uniqueByMd5(cfg.library);
    const key = libraryKey(library.map((p) => p.md5), cfg.tasks.map((t) => t.id));
    const saved = await loadState(cfg.out);
    const resumed = saved !== undefined && saved.libraryKey === key;
    this.seen = await loadSeen(cfg.out);
    let interrupted = false;
    try {
      if (resumed) {
        this.librarySolved = saved.librarySolved;
        this.earlierRounds = saved.rounds;
        for (const [md5, ms] of Object.entries(saved.libraryCost)) this.parentCost.set(md5, ms);
        for (const [id, files] of Object.entries(saved.overfit)) this.overfit.set(id, new Set(files));
        for (const st of this.states) st.near = nearMissesFromJson(saved.nearMisses[st.task.id]);
        await this.readStore();
        this.mark();
      } else {
        this.mark();
        await this.libraryRound(library);
      }
      const parents: SearchParent[] = library.map((p) => ({ program: p.program, md5: p.md5, source: p.source, costMs: this.parentCost.get(p.md5) ?? 1 }));
      for (let g = 1; g <= cfg.generations && !this.timeUp(); g++) {
        const more = await this.mutationRound(parents);
        if (!more) break;
      }
      await this.verify(true);
      if (cfg.reportAll) await this.verify(true, true);
    } catch (e) {
      if (!cfg.signal.aborted) throw e;
      interrupted = true;
    }
    await this.persist(key);
    return this.result(interrupted, resumed);
  }

  /** Round 0: the library as it is; its costs per program steer later rounds. */
  private async libraryRound(library: readonly LibraryProgram[]): Promise<void> {
    const candidates: Candidate[] = library.map((p) => ({ program: p.program, md5: p.md5, parent: -1, mutation: '' }));
    for (const c of candidates) this.seen.add(c.md5);
    const sources = library.map((p) => p.source);
    const r = rng(this.cfg.seed);
    // A few programs per job (library programs share little of their graphs).
    const planned: PlannedJob[] = [];
    for (let k = 0; k < candidates.length; k += LIBRARY_PER_JOB) planned.push(this.plan(candidates.slice(k, k + LIBRARY_PER_JOB), sources.slice(k, k + LIBRARY_PER_JOB), r));
    await this.runRound('library', library.length, planned, { generated: 0, rejected: 0, duplicates: 0 }, (job, res) => {
      job.candidates.forEach((c, k) => this.parentCost.set(c.md5, ownMean(res, k)));
    });
    this.librarySolved = this.states.filter((s) => s.solved).map((s) => s.task.id);
  }

  /** One round of mutants; false when no new candidate could be made. */
  private async mutationRound(library: SearchParent[]): Promise<boolean> {
    const { cfg } = this;
    const index = this.earlierRounds + this.round; // mutation rounds so far, over all runs
    const r = rng((cfg.seed * 1_000_003 + index * 7919) >>> 0);
    for (const p of library) {
      const cost = this.parentCost.get(p.md5);
      if (cost !== undefined) (p as { costMs: number }).costMs = cost;
    }
    let parents: SearchParent[];
    let counts: number[];
    if (index === 0) {
      parents = library;
      counts = uniformCounts(cfg.perRound, parents.length, r);
    } else {
      const evidence = this.evidenceParents();
      const known = new Set(library.map((p) => p.md5));
      const extra = evidence.filter((e) => !known.has(e.parent.md5));
      parents = [...library, ...extra.map((e) => e.parent)];
      const nLib = extra.length === 0 ? cfg.perRound : Math.round(cfg.perRound * LIBRARY_SHARE);
      const libCounts = weightedCounts(nLib, library.map((p) => 1 / Math.sqrt(Math.max(0.5, p.costMs))), r);
      // Evidence weights: the nearer the miss, the more mutants; the cheaper, the more.
      const evWeight = new Map<string, number>();
      for (const e of evidence) evWeight.set(e.parent.md5, (evWeight.get(e.parent.md5) ?? 0) + e.weight);
      const evCounts = weightedCounts(cfg.perRound - nLib, parents.map((p) => (evWeight.get(p.md5) ?? 0) / Math.sqrt(Math.max(0.5, p.costMs))), r);
      counts = parents.map((_, k) => (libCounts[k] ?? 0) + evCounts[k]);
    }
    const made = mutants(parents, counts, r, this.seen, { mix: cfg.mix, twoStep: cfg.twoStep });
    if (made.candidates.length === 0) {
      this.rounds.push({ ...emptyRound(this.round + 1, parents.length, made), solved: this.solvedCount(), endMs: this.elapsedMs });
      this.round++;
      return false;
    }
    // Grouped by parent (mutants of one parent share their unchanged lines): a parent's mutants stay
    // together (up to MAX_JOB_CANDIDATES); cheap parents' groups are merged up to the estimated target.
    const planned: PlannedJob[] = [];
    let group: Candidate[] = [];
    let est = 0;
    const estimates = new Map<PlannedJob, number>();
    const flush = () => {
      if (group.length === 0) return;
      const p = this.plan(group, group.map((c) => `mutant of ${parents[c.parent].program.name}: ${c.mutation}`), r);
      planned.push(p);
      estimates.set(p, est);
      group = [];
      est = 0;
    };
    made.candidates.forEach((c, k) => {
      const prev = made.candidates[k - 1];
      if (group.length >= MAX_JOB_CANDIDATES || (prev && prev.parent !== c.parent && est >= JOB_TARGET_MS)) flush();
      group.push(c);
      est += 0.6 * Math.max(0.05, parents[c.parent].costMs) * this.states.length;
    });
    flush();
    costliestFirst(planned, (p) => estimates.get(p)!, r);
    await this.runRound('mutants', parents.length, planned, made, (job, res) => {
      // Cost per candidate (its own runs), attributed to its parent (smoothed).
      job.candidates.forEach((c, k) => {
        const p = parents[c.parent];
        const per = ownMean(res, k);
        this.parentCost.set(p.md5, 0.8 * (this.parentCost.get(p.md5) ?? per) + 0.2 * per);
      });
    });
    return true;
  }

  /** Near-misses and stored bests of the unsolved tasks, weighted by how near. */
  private evidenceParents(): { parent: SearchParent; weight: number }[] {
    const out: { parent: SearchParent; weight: number }[] = [];
    for (const st of this.states) {
      if (st.solved) continue;
      for (const m of st.near) {
        out.push({ parent: { program: m.program, md5: m.md5, source: m.source, costMs: this.parentCost.get(m.md5) ?? m.costMs }, weight: (m.score / st.full) ** 2 });
      }
      // (Stored programs are renamed for their task, losing their root: not used when leaving own solvers out.)
      if (!this.cfg.leaveOwnOut && st.bestProgram && st.best && !st.near.some((m) => m.md5 === st.best!.md5)) {
        const top = st.near[0]?.score ?? st.full / 2;
        out.push({ parent: { program: st.bestProgram, md5: st.best.md5, source: `stored best of ${st.task.id}`, costMs: this.parentCost.get(st.best.md5) ?? 1 }, weight: (top / st.full) ** 2 });
      }
    }
    return out;
  }

  private plan(candidates: readonly Candidate[], sources: readonly string[], r: () => number): PlannedJob {
    const programs = candidates.map((c, k) => ({ ...c.program, comments: [sources[k]] }));
    const graph = buildGraph(programs);
    const job: CrossJob = {
      kind: 'cross',
      graph,
      candidates: candidates.map((_, k) => k),
      pack: this.pack,
      timeoutMs: this.cfg.timeoutMs,
      maxStrikes: MAX_STRIKES,
      slowMs: this.cfg.slowMs ?? SLOW_MS_PER_TASK,
      first: Math.floor(r() * this.states.length),
    };
    return { job, candidates: candidates.map((c, k) => ({ ...c, program: programs[k] })) };
  }

  private async runRound(
    kind: RoundSummary['kind'],
    parents: number,
    planned: PlannedJob[],
    made: { generated: number; rejected: number; duplicates: number },
    onJob: (job: PlannedJob, res: CrossResult) => void,
  ): Promise<void> {
    const { cfg } = this;
    const round = kind === 'library' ? 0 : ++this.round;
    const t0 = performance.now();
    const solvedBefore = new Set(this.states.filter((s) => s.solved).map((s) => s.task.id));
    let next = 0, done = 0, candidates = 0, runs = 0;
    let complete = true;
    const lane = async () => {
      while (next < planned.length) {
        if (this.timeUp()) {
          complete = false;
          return;
        }
        const p = planned[next++];
        // Stop starting tasks once the budget is spent (the job reports how far it got).
        const job = cfg.budgetMs === undefined ? p.job : { ...p.job, stopAt: Date.now() + (cfg.startedAt + cfg.budgetMs - performance.now()) };
        const [res] = await cfg.executor.run([job], cfg.signal);
        onJob(p, res);
        this.absorb(p, res);
        done++;
        runs += res.runs;
        if (res.tasksDone === this.states.length) candidates += p.candidates.length;
        else complete = false;
        this.totalRuns += res.runs;
        const secs = (performance.now() - t0) / 1000;
        cfg.onProgress?.({
          round,
          jobsDone: done,
          jobs: planned.length,
          solved: this.solvedCount(),
          tasks: this.states.length,
          candidatesPerSecond: candidates / Math.max(1e-3, secs),
          ...(cfg.budgetMs !== undefined ? { leftMs: Math.max(0, cfg.budgetMs - this.elapsedMs) } : {}),
        });
        if (performance.now() - this.lastVerify >= VERIFY_EVERY_MS) await this.verify(false);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, cfg.executor.workers) }, lane));
      await this.verify(true);
    } finally {
      const wallMs = performance.now() - t0;
      this.searchMs += wallMs;
      this.totalCandidates += candidates;
      const solved = this.states.filter((s) => s.solved).map((s) => s.task.id);
      const summary: RoundSummary = {
        round,
        kind,
        parents,
        candidates,
        generated: made.generated,
        rejected: made.rejected,
        duplicates: made.duplicates,
        runs,
        wallMs: Math.round(wallMs),
        candidatesPerSecond: round1(candidates / Math.max(1e-3, wallMs / 1000)),
        runsPerSecond: Math.round(runs / Math.max(1e-3, wallMs / 1000)),
        solved: solved.length,
        newlySolved: solved.filter((id) => !solvedBefore.has(id)),
        complete: complete && !cfg.signal.aborted,
        endMs: Math.round(this.elapsedMs),
      };
      this.rounds.push(summary);
      cfg.onRound?.(summary);
    }
  }

  /** Folds a job's scores into the tasks' near-misses and pending candidates. */
  private absorb(p: PlannedJob, res: CrossResult): void {
    const T = this.states.length;
    p.candidates.forEach((c, k) => {
      if (res.tasksDone === T) this.fresh.push(c.md5);
      const source = c.program.comments?.[0] ?? c.program.name;
      const costMs = ownMean(res, k);
      for (let j = 0; j < res.tasksDone; j++) {
        const t = (res.first + j) % T;
        const s = res.scores[k * T + t];
        if (s === 0) continue;
        const st = this.states[t];
        if (st.solved) continue;
        // Mutants keep their root library program's name, hence its task.
        if (this.cfg.leaveOwnOut && c.program.taskId === st.task.id) continue;
        const miss: NearMiss = { program: c.program, md5: c.md5, score: s, costMs, source };
        if (s >= st.full || (s >= POINTS_PER_SAMPLE && s > st.demoBest)) st.pending.set(c.md5, miss);
        if (s > st.demoBest) st.demoBest = s;
        insertNear(st.near, miss);
      }
    });
  }

  /** Runs the pipeline for tasks with pending candidates (with what the store holds), updating best and solved. */
  private async verify(all: boolean, unreported = false): Promise<void> {
    if (this.verifying) return;
    this.verifying = true;
    try {
      const { cfg } = this;
      for (const st of this.states) {
        if (st.pending.size === 0 && !(unreported && !st.report && st.best)) continue;
        const stored = await collectParents([st.task.id], [], [cfg.out]);
        if (stored.length === 0 && st.pending.size === 0) continue;
        const programs: Program[] = [];
        const ids = new Set<string>();
        for (const p of [...stored.map((s) => ({ program: s.program, md5: s.md5 })), ...st.pending.values()]) {
          if (ids.has(p.md5)) continue;
          ids.add(p.md5);
          programs.push(p.program);
        }
        const pending = [...st.pending.values()];
        const report = await runTask(st.task, { programs, graph: buildGraph(programs) }, {
          executor: cfg.executor,
          timeoutMs: cfg.timeoutMs,
          outDir: cfg.out,
          keep: cfg.keep,
          attempts: true,
          ...(cfg.cache ? { cache: cfg.cache } : {}),
          signal: cfg.signal,
        });
        st.pending.clear();
        this.take(st, report, programs);
        for (const m of pending) {
          if (m.score < st.full) continue;
          const p = report.programs.find((x) => x.md5 === m.md5);
          if (p && p.validated && p.exact < st.known && p.exact >= st.task.train.length) {
            const set = this.overfit.get(st.task.id) ?? new Set<string>();
            set.add(m.md5);
            this.overfit.set(st.task.id, set);
          }
        }
      }
      this.lastVerify = performance.now();
      if (all || this.curve.at(-1)?.solved !== this.solvedCount()) this.mark();
    } finally {
      this.verifying = false;
    }
  }

  private take(st: TaskState, report: TaskReport, programs: readonly Program[]): void {
    st.report = report;
    if (report.best && (!st.best || report.best.score >= st.best.score)) {
      st.best = report.best;
      st.bestProgram = programs.find((p) => safeMd5(p) === report.best!.md5);
    }
    st.solved = isSolved(st.best?.score, st.known);
  }

  /** On resume: each task's best and solved state from the store. */
  private async readStore(): Promise<void> {
    for (const st of this.states) {
      const entries = listTask(path.join(this.cfg.out, 'solver_dir', `solve_${st.task.id}`));
      entries.sort((a, b) => b.score - a.score || b.tLog - a.tLog || (a.md5 < b.md5 ? -1 : 1));
      const top = entries[0];
      if (!top) continue;
      st.best = { md5: top.md5, score: top.score, tLog: top.tLog };
      st.solved = isSolved(top.score, st.known);
      const parsed = await collectParents([st.task.id], [], [this.cfg.out]);
      st.bestProgram = parsed.find((p) => p.md5 === top.md5)?.program;
    }
  }

  private async persist(key: string): Promise<void> {
    const { cfg } = this;
    await appendSeen(cfg.out, this.fresh.splice(0));
    const state: SavedState = {
      version: 1,
      libraryKey: key,
      librarySolved: this.librarySolved,
      libraryCost: Object.fromEntries(this.parentCost),
      rounds: this.earlierRounds + this.round,
      nearMisses: Object.fromEntries(this.states.map((st) => [st.task.id, nearMissesToJson(st.near)])),
      overfit: Object.fromEntries([...this.overfit].map(([id, s]) => [id, [...s]])),
    };
    await saveState(cfg.out, state);
  }

  private result(interrupted: boolean, resumed: boolean): SearchResult {
    const solved = this.states.filter((s) => s.solved).map((s) => s.task.id);
    const lib = new Set(this.librarySolved);
    const reports = new Map<string, TaskReport>();
    for (const st of this.states) if (st.report) reports.set(st.task.id, st.report);
    return {
      rounds: this.rounds,
      solved,
      librarySolved: this.librarySolved,
      newlySolved: this.states
        .filter((s) => s.solved && !lib.has(s.task.id))
        .map((s) => ({ id: s.task.id, md5: s.best!.md5, file: path.join(this.cfg.out, 'solver_md5', `${s.best!.md5}.py`) })),
      overfit: [...this.overfit.values()].reduce((n, s) => n + s.size, 0),
      curve: this.curve,
      tasks: this.states.map((s) => ({ id: s.task.id, best: s.best, solved: s.solved, demoBest: s.demoBest, demos: s.task.train.length })),
      reports,
      interrupted,
      resumed,
      earlierRounds: this.earlierRounds,
      candidates: this.totalCandidates,
      runs: this.totalRuns,
      searchMs: this.searchMs,
    };
  }
}

interface LibraryProgram {
  readonly program: Program;
  readonly md5: string;
  readonly source: string;
}

function safeMd5(p: Program): string | undefined {
  try {
    return canonical(p).md5;
  } catch {
    return undefined;
  }
}

function uniqueByMd5(programs: readonly Program[]): LibraryProgram[] {
  const seen = new Set<string>();
  const out: LibraryProgram[] = [];
  for (const program of programs) {
    const md5 = safeMd5(program);
    if (md5 === undefined || seen.has(md5)) continue;
    seen.add(md5);
    out.push({ program, md5, source: `${program.name} (${path.basename(program.file)}:${program.line})` });
  }
  return out;
}

function libraryKey(md5s: readonly string[], ids: readonly string[]): string {
  return createHash('md5').update([...md5s].sort().join(',')).update('|').update([...ids].sort().join(',')).digest('hex');
}

/** Keeps the NEAR_MISSES best (score, then cheaper), one entry per program. */
function insertNear(list: NearMiss[], m: NearMiss): void {
  if (list.length >= NEAR_MISSES && m.score <= list[list.length - 1].score) return;
  if (list.some((x) => x.md5 === m.md5)) return;
  list.push(m);
  list.sort((a, b) => b.score - a.score || a.costMs - b.costMs);
  if (list.length > NEAR_MISSES) list.length = NEAR_MISSES;
}

/** A candidate's own run time per task it met. */
function ownMean(res: CrossResult, k: number): number {
  return res.ownMs[k] / Math.max(1, res.met[k]);
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function emptyRound(round: number, parents: number, made: { generated: number; rejected: number; duplicates: number }): Omit<RoundSummary, 'solved' | 'endMs'> {
  return { round, kind: 'mutants', parents, candidates: 0, ...made, runs: 0, wallMs: 0, candidatesPerSecond: 0, runsPerSecond: 0, newlySolved: [], complete: true };
}
