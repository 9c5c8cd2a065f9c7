// End-to-end: the built CLI as a user runs it (npm install builds dist/ via `prepare`).
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, sharedPath } from '../helpers/shared.js';

const BIN = path.join(REPO_ROOT, 'bin', 'run-batt.js');

function run(args: string[], cwd = REPO_ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}


describe('run-batt check', () => {
  it('solves every shipped task with the shipped solvers', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-cli-'));
    const json = path.join(dir, 'check.json');
    const r = run(['check', 'solvers', '--data', 'tasks', '--json', json]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.total).toBeGreaterThanOrEqual(12);
    expect(report.solved).toBe(report.total);
    expect(r.stdout).toMatch(new RegExp(`solved ${report.total} / ${report.total}`));
    expect(report.tasks[0]).toEqual(expect.objectContaining({ id: expect.any(String), solved: true, pairs: expect.any(Number), pairsOk: expect.any(Number), ms: expect.any(Number) }));
    expect(typeof report.wallMs).toBe('number');
    // The check's CPU, and on Linux by thread: the programs ran in the main thread.
    expect(report.cpuMs).toBeGreaterThan(0);
    if (process.platform === 'linux') {
      expect(report.threadCpu).toMatchObject({ workers: 0, workersMs: 0 });
      expect(report.threadCpu.mainMs).toBeGreaterThan(0);
    }
  });

  it('defaults --data to the shipped tasks from any directory', () => {
    const r = run(['check', path.join(REPO_ROOT, 'solvers'), '-q'], tmpdir());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/solved (\d+) \/ \1/);
  });

  it('a program that throws or runs out of time fails alone, with its reason', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-cli-'));
    const file = path.join(dir, 'mixed.py');
    const slow = ['    x1 = power(vmirror, TEN)', ...[2, 3, 4, 5, 6, 7, 8, 9].map((k) => `    x${k} = power(x${k - 1}, TEN)`), '    O = x9(I)', '    return O'];
    writeFileSync(file, [
      'def solve_67a3c6ac(I):', '    O = vmirror(I)', '    return O', '',
      'def solve_68b16354(I):', '    x1 = first(I)', '    O = other(x1, x1)', '    return O', '',
      'def solve_74dd1130(I):', ...slow, '',
      'def solve_ffffffff(I):', '    O = nosuchprimitive(I)', '    return O', '',
    ].join('\n'));
    const json = path.join(dir, 'r.json');
    const t0 = Date.now();
    const r = run(['check', file, '--data', 'tasks', '-t', '0.2', '--json', json]);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/mixed\.py:2[0-9]: solve_ffffffff: unknown name 'nosuchprimitive'/);
    const byId = Object.fromEntries(JSON.parse(readFileSync(json, 'utf8')).tasks.map((t: { id: string }) => [t.id, t]));
    expect(byId['67a3c6ac'].solved).toBe(true);
    expect(byId['68b16354'].solved).toBe(false);
    expect(byId['68b16354'].error).toMatch(/pair 1: \w+/);
    expect(byId['74dd1130'].error).toMatch(/Timeout/);
  });

  it('exits 2 on usage and input errors', () => {
    expect(run(['check']).code).toBe(2);
    expect(run(['check', 'no/such/folder']).code).toBe(2);
    expect(run(['check', 'solvers', '--data', 'no/such/tasks']).code).toBe(2);
    expect(run(['check', 'solvers', '-t', 'abc']).code).toBe(2);
    expect(run(['nonsense']).code).toBe(2);
  });

  it('explains itself in --help', () => {
    const r = run(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--data/);
    expect(r.stdout).toMatch(/Exit status/);
  });

  it('lists every task up to 50; past that, the unsolved and the 10 slowest, and --all lists them all', () => {
    // 60 tasks whose output is their input; the solvers of two of them rotate it instead.
    const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-check-'));
    const tasks = path.join(dir, 'tasks');
    mkdirSync(tasks);
    const ids = Array.from({ length: 60 }, (_, k) => `a0b1c2${k.toString(16).padStart(2, '0')}`);
    const pair = { input: [[1, 2], [3, 4]], output: [[1, 2], [3, 4]] };
    for (const id of ids) writeFileSync(path.join(tasks, `${id}.json`), JSON.stringify({ train: [pair, pair], test: [pair] }));
    const solvers = ids.map((id, k) => `def solve_${id}(I):\n    O = ${k === 7 || k === 41 ? 'rot90(I)' : 'identity(I)'}\n    return O\n`).join('\n');
    writeFileSync(path.join(dir, 'solvers.py'), solvers);
    const rows = (out: string) => out.split('\n').filter((l) => /^│ a0b1c2/.test(l));
    const short = run(['check', path.join(dir, 'solvers.py'), '--data', tasks]);
    expect(short.code).toBe(0);
    expect(rows(short.stdout)).toHaveLength(12);
    expect(rows(short.stdout).filter((l) => /\bno\b/.test(l)).map((l) => l.slice(2, 10))).toEqual([ids[7], ids[41]]);
    expect(short.stdout).toMatch(/\(48 more solved task\(s\) not listed: past 50 tasks the table holds the unsolved and the 10 slowest; --all lists every task/);
    expect(short.stdout).toMatch(/solved 58 \/ 60/);
    const all = run(['check', path.join(dir, 'solvers.py'), '--data', tasks, '--all']);
    expect(rows(all.stdout)).toHaveLength(60);
    expect(all.stdout).not.toMatch(/not listed/);
  });

  const arc1 = sharedPath('arc', 'arc-agi-1', 'training');
  it.skipIf(!arc1)('runs the library on the real ARC-AGI-1 training tasks', () => {
    const r = run(['check', 'solvers', '--data', arc1!, '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/solved (\d+) \/ \1/);
  });
});

describe('run-batt run', () => {
  it('runs the main job: run-batt --timing -i 007bbfb7 -b DIR, storing the solver at the top score', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-run-'));
    const battery = path.join(dir, 'tmp_dir');
    const json = path.join(dir, 'report.json');
    const r = run(['--timing', '-i', '007bbfb7', '-b', battery, '--json', json, '--mode', 'parallel']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/no battery in .*tmp_dir: generating one \(500 candidates, seed 1\)/);
    expect(r.stderr).toMatch(/card: .*batt\.py: 500 candidates \(\d+ parents, \d+ children\); generated \d+, rejected \d+ \(ill-typed\), duplicates \d+/);
    expect(existsSync(path.join(battery, 'batt.py'))).toBe(true);
    for (const phase of ['pool start', 'load', 'score samples', 'filter', 'batch inline', 'validate', 'store', 'differs', 'total']) {
      expect(r.stdout).toContain(phase);
    }
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report).toMatchObject({ mode: 'parallel', workers: expect.any(Number), wallMs: expect.any(Number), cpuMs: expect.any(Number) });
    if (process.platform === 'linux') {
      // Where the CPU went, by thread: the pool's workers ran the programs.
      expect(r.stdout).toMatch(/cpu by thread: main [\d.]+ m?s, \d+ worker\(s\) [\d.]+ m?s, other threads [\d.]+ m?s/);
      expect(report.threadCpu).toMatchObject({ workers: report.workers, mainMs: expect.any(Number), otherMs: expect.any(Number) });
      expect(report.threadCpu.workersMs).toBeGreaterThan(report.threadCpu.mainMs / 10);
      const { mainMs, workersMs, otherMs } = report.threadCpu;
      expect(mainMs + workersMs + otherMs).toBeLessThanOrEqual(report.cpuMs * 1.05 + 20);
    }
    expect(report.phases.map((p: { name: string }) => p.name)).toEqual(['pool start', 'load', 'score samples', 'filter', 'batch inline', 'validate', 'store', 'differs']);
    const t = report.tasks[0];
    expect(t).toMatchObject({ id: '007bbfb7', candidates: 500, unique: expect.any(Number) });
    // The shipped solver is among the parents and lands at the top score.
    expect(t.programs.find((p: { md5?: string }) => p.md5 === 'c90f4e7c217a82af75122c2f8b0fa85c')).toMatchObject({ status: 'ok', score: 5000 });
    expect(Object.keys(t.statuses).sort()).toEqual(['error', 'ok', 'oom', 'timeout', 'wrong']);
    expect(t.best.score).toBe(5000);
    const stored = path.join(battery, 'solver_dir', 'solve_007bbfb7', '5000');
    expect(existsSync(stored)).toBe(true);
  });

  it('--mode auto (the default) runs small work in the main thread and says so in --timing and --json', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-run-'));
    const json = path.join(dir, 'auto.json');
    const r = run(['--timing', '-i', '007bbfb7', '--out', path.join(dir, 'store'), '--json', json]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sequential with 1 worker\(s\) \(auto: [\d,]+ graph nodes x \d+ samples = [\d,]+ node evaluations < [\d,]+\)/);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report).toMatchObject({ mode: 'sequential', modeChoice: { requested: 'auto', mode: 'sequential', reason: expect.stringMatching(/^auto: /) } });
    // In the main thread: no worker's CPU in the breakdown.
    if (process.platform === 'linux') expect(report.threadCpu).toMatchObject({ workers: 0, workersMs: 0, mainMs: expect.any(Number) });
  });

  it('sequential mode gives the same result', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-run-'));
    const a = path.join(dir, 'a.json'), b = path.join(dir, 'b.json');
    expect(run(['-i', '007bbfb7', 'a416b8f3', '--out', path.join(dir, 's1'), '--json', a, '--mode', 'sequential']).code).toBe(0);
    expect(run(['-i', '007bbfb7', 'a416b8f3', '--out', path.join(dir, 's2'), '--json', b, '--mode', 'parallel']).code).toBe(0);
    // Times differ between runs, and so does `top` (the best programs ranked by score, then speed).
    const strip = (f: string) => JSON.parse(readFileSync(f, 'utf8')).tasks.map(({ ms, top, ...t }: { ms?: number; top?: unknown; best: { tLog?: number } | null; programs: { ms?: number; tLog?: number }[] }) => ({
      ...t,
      topScores: (top as { score: number }[] | undefined)?.map((p) => p.score),
      best: t.best && { ...t.best, tLog: 0 },
      programs: t.programs.map(({ ms, tLog, ...p }) => p),
    }));
    expect(strip(b)).toEqual(strip(a));
  });

  it('names near matches for an unknown task id, exit 2', () => {
    const r = run(['-i', '007bbfb8']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown task id '007bbfb8'; did you mean 007bbfb7/);
  });

  it('selects a slice of the sorted ids with -s and -c', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-run-'));
    const json = path.join(dir, 'r.json');
    expect(run(['-s', '2', '-c', '3', '--out', path.join(dir, 'store'), '--json', json, '--mode', 'sequential']).code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).tasks.map((t: { id: string }) => t.id)).toEqual(['25ff71a9', '2dee498d', '3af2c5a8']);
  });

  const arc1 = sharedPath('arc', 'arc-agi-1', 'training');
  it.skipIf(!arc1)('runs on the real 007bbfb7 with --data ../shared/arc/arc-agi-1/training', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-run-'));
    const json = path.join(dir, 'r.json');
    expect(run(['-i', '007bbfb7', '--data', arc1!, '--out', path.join(dir, 'store'), '--json', json]).code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).tasks[0].best.score).toBe(6000);
  });
});

describe('run-batt card and search', () => {
  it('card writes a deterministic battery and prints its counts', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-card-'));
    const a = run(['card', '-i', '007bbfb7', '-b', path.join(dir, 'a'), '-n', '120', '--seed', '5']);
    const b = run(['card', '-i', '007bbfb7', '-b', path.join(dir, 'b'), '-n', '120', '--seed', '5']);
    expect(a.code).toBe(0);
    expect(a.stderr).toMatch(/120 candidates \(\d+ parents, \d+ children\)/);
    expect(readFileSync(path.join(dir, 'a', 'batt.py'), 'utf8')).toBe(readFileSync(path.join(dir, 'b', 'batt.py'), 'utf8'));
  });

  it('search runs the library round, then --generations mutation rounds, and reports each', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-search-'));
    const json = path.join(dir, 's.json');
    const r = run(['search', '-c', '12', '--generations', '3', '-n', '40', '--out', path.join(dir, 'out'), '--json', json]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^library: \d+ programs, .*solved 12 \/ 12/m);
    for (const g of [1, 2, 3]) expect(r.stdout).toMatch(new RegExp(`^round ${g}: \\d+ candidates .*solved \\d+ / 12`, 'm'));
    expect(r.stdout).toMatch(/newly solved/);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.rounds.map((g: { round: number; kind: string }) => `${g.kind} ${g.round}`)).toEqual(['library 0', 'mutants 1', 'mutants 2', 'mutants 3']);
    expect(existsSync(path.join(dir, 'out', 'search', 'seen.txt'))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  const kaggle = sharedPath('arc', 'kaggle', 'arc-agi_evaluation_challenges.json');
  it.skipIf(!kaggle)('writes a Kaggle submission for ARC-AGI-2 evaluation in the ARC Prize layout', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-sub-'));
    const file = path.join(dir, 'submission.json');
    const r = run(['--data', kaggle!, '--out', path.join(dir, 'store'), '--submission', file, '-t', '0.5']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/submission: .*120 task\(s\); would score [\d.]+ \/ 120/);
    const { loadTasks } = await import('../../src/task/load.js');
    const { checkSubmissionLayout } = await import('../../src/pipeline/submission.js');
    const tasks = (await loadTasks(kaggle!)).tasks;
    const submission = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(submission).sort()).toEqual(tasks.map((t) => t.id).sort());
    expect(checkSubmissionLayout(tasks, submission)).toEqual([]);
  }, 120_000);
});

describe('run-batt bench', () => {
  it('runs a workload in both modes and gates against a baseline', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-bench-'));
    const json = path.join(dir, 'bench.json');
    const r = run(['bench', '--workload', 'small', '--runs', '2', '--json', json]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/speedup [\d.]+x on \d+ workers/);
    expect(r.stdout).toMatch(/at most [\d.]+x here: the sequential run keeps [\d.]+ cores busy \(cpu\/wall\), the pool \d+/);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.workloads[0]).toMatchObject({ workload: 'small', sequential: { mode: 'sequential' }, parallel: { mode: 'parallel' } });
    expect(report.workloads[0].bound.speedup).toBeCloseTo(report.workloads[0].bound.cores / report.workloads[0].bound.sequentialCores, 6);
    // A baseline a hundred times faster than reality, with no margin: the gate must fail and name a phase
    // (four runs keep the current run's own margin of error well below the difference).
    const fast = structuredClone(report);
    for (const m of ['sequential', 'parallel']) {
      fast.workloads[0][m].wall.median /= 100;
      fast.workloads[0][m].wall.moe = 0;
      fast.workloads[0][m].medianPhases = fast.workloads[0][m].medianPhases.map((p: { wallMs: number }) => ({ ...p, wallMs: p.wallMs / 100 }));
    }
    const baseline = path.join(dir, 'baseline.json');
    writeFileSync(baseline, JSON.stringify(fast));
    const gated = run(['bench', '--workload', 'small', '--runs', '4', '--baseline', baseline]);
    expect(gated.code).toBe(1);
    expect(gated.stderr).toMatch(/regression: small (sequential|parallel) median .* mostly in phase '[a-z ]+'/);
  }, 120_000);
});

describe('run-batt bench --processes', () => {
  it('times whole run-batt processes in the three modes, one process per battery', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-bench-'));
    const json = path.join(dir, 'bench.json');
    const r = run(['bench', '--workload', 'small', '--processes', '--runs', '1', '--json', json]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/bench small, as processes: .*6 run-batt processes per run/);
    expect(r.stdout).toMatch(/speedup [\d.]+x \(sequential \/ parallel, \d+ workers\); --mode auto ran (sequential|parallel)/);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.workloads).toEqual([]);
    const b = report.processes[0];
    expect(b).toMatchObject({ workload: 'small', tasks: 6, processes: 6 });
    expect(b.modes.map((m: { mode: string }) => m.mode)).toEqual(['sequential', 'parallel', 'auto']);
    for (const m of b.modes) {
      expect(m.samples).toHaveLength(1);
      expect(m.samples[0]).toBeGreaterThan(0);
      // Each mode's CPU, from its untimed first run's report; by thread where the platform gives it.
      expect(m.cpu.cpuMs).toBeGreaterThan(0);
      if (process.platform === 'linux') expect(m.cpu.threadCpu).toMatchObject({ mainMs: expect.any(Number), workersMs: expect.any(Number), otherMs: expect.any(Number) });
    }
    expect(r.stdout).toMatch(/cpu: user \+ system from the run's start .* in each mode's first run/);
    if (process.platform === 'linux') {
      const [seq, par] = b.modes;
      expect(seq.cpu.threadCpu.workersMs).toBe(0);
      expect(par.cpu.threadCpu.workersMs).toBeGreaterThan(0);
      // The table's workers column: '-' for the mode that has none, the pool's CPU for parallel.
      const row = (mode: string) => r.stdout.split('\n').find((l) => l.includes(` ${mode} `))!.split('│').map((c) => c.trim());
      const col = row('mode').indexOf('workers');
      expect(row('sequential')[col]).toBe('-');
      expect(row('parallel')[col]).toMatch(/^[\d.,]+ ms$/);
    }
    expect(b.auto.modes).toHaveLength(6);
    // The figures it compares with a baseline are the in-process runs'.
    const both = run(['bench', '--workload', 'small', '--processes', '--baseline', json]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/not with --processes/);
  }, 120_000);
});

describe('run-batt primitives', () => {
  it('lists the registry', () => {
    const r = run(['primitives', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(160);
  });
});
