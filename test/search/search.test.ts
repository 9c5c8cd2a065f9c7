import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTasks } from '../../src/task/load.js';
import { loadPrograms } from '../../src/program/load.js';
import { SequentialExecutor } from '../../src/exec/executor.js';
import { MIXES } from '../../src/program/mixes.js';
import { Search } from '../../src/search/loop.js';
import { collectParents, formatCounts, makeCard } from '../../src/pipeline/card.js';
import { parseDuration } from '../../src/search/duration.js';
import { costliestFirst } from '../../src/search/generate.js';
import { rng } from '../../src/task/generate.js';
import { REPO_ROOT, sharedPath } from '../helpers/shared.js';
import { runCli, startCli, tempFolder } from '../helpers/cli.js';

const TASKS = path.join(REPO_ROOT, 'tasks');
const SOLVERS = path.join(REPO_ROOT, 'solvers');
const temps: string[] = [];
const temp = () => {
  const d = tempFolder({}, 'run-batt-search-');
  temps.push(d);
  return d;
};
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('card', () => {
  it('with -n at most the number of parents, still makes mutants of a sample of them, and says so', async () => {
    const parents = await collectParents(['007bbfb7'], [SOLVERS], []);
    expect(parents.length).toBe(22);
    const card = makeCard(parents, '007bbfb7', 10, 1);
    expect(card.counts.children).toBeGreaterThan(0);
    expect(card.counts.parents).toBeLessThan(10);
    expect(card.counts.candidates).toBe(10);
    expect(card.counts.sampledFrom).toBe(22);
    expect(formatCounts(card.counts)).toMatch(/a sample of \d+ of them kept and mutated/);
    // The task's own solver (ranked first) is among the kept parents.
    expect(card.text).toMatch(/# parent: solve_007bbfb7 /);
  });
});

describe('search options', () => {
  it('durations: 15m, 90s, 1h30m, plain seconds; junk rejected', () => {
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2.5')).toBe(2500);
    expect(() => parseDuration('soon')).toThrow(/duration/);
    expect(() => parseDuration('0s')).toThrow(/positive/);
  });
});

describe('a round\'s job order', () => {
  it('the costliest jobs first, so none of the longest starts last; equal costs in a random order that the seed fixes', () => {
    const jobs = Array.from({ length: 40 }, (_, k) => ({ k, cost: k % 5 === 0 ? 100 + k : k % 3 }));
    const a = costliestFirst([...jobs], (j) => j.cost, rng(1)), b = costliestFirst([...jobs], (j) => j.cost, rng(1)), c = costliestFirst([...jobs], (j) => j.cost, rng(2));
    expect(a.map((j) => j.cost)).toEqual(jobs.map((j) => j.cost).sort((x, y) => y - x));
    expect(a.slice(0, 8).map((j) => j.k)).toEqual([35, 30, 25, 20, 15, 10, 5, 0]);
    expect(a).toEqual(b);
    // The cheap ones (cost 0, 1, 2) shuffled: another seed, another order among equals.
    expect(c.map((j) => j.k)).not.toEqual(a.map((j) => j.k));
    expect(new Set(a)).toEqual(new Set(jobs));
  });
});

describe('the search loop', () => {
  it("a task's best never drops between rounds", async () => {
    const tasks = (await loadTasks(TASKS)).tasks.slice(0, 4);
    const library = (await loadPrograms([SOLVERS])).programs;
    const out = temp();
    const seen: Record<string, number | null>[] = [];
    const search: Search = new Search({
      tasks,
      library,
      out,
      executor: new SequentialExecutor(),
      signal: new AbortController().signal,
      timeoutMs: 100,
      keep: 4,
      perRound: 60,
      generations: 3,
      startedAt: performance.now(),
      seed: 3,
      mix: MIXES.default,
      twoStep: 0.3,
      onRound: () => seen.push(search.bests()),
    });
    const res = await search.run();
    expect(seen.length).toBeGreaterThanOrEqual(2);
    // The library solves these tasks in round 0; no later round may report less.
    for (const t of tasks) {
      expect(seen[0][t.id]).not.toBeNull();
      for (let k = 1; k < seen.length; k++) expect(seen[k][t.id]!).toBeGreaterThanOrEqual(seen[k - 1][t.id]!);
    }
    expect(res.solved.sort()).toEqual(tasks.map((t) => t.id).sort());
  });
});

describe('run-batt search', () => {
  it('--json has solved, librarySolved, newlySolved, overfit and per-round candidates, candidates/s, solved', () => {
    const out = temp();
    const json = path.join(out, 'report.json');
    const r = runCli(['search', '-c', '3', '--generations', '1', '-n', '40', '--out', out, '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(readFileSync(json, 'utf8'));
    expect(Array.isArray(j.solved)).toBe(true);
    expect(j.solved).toHaveLength(3);
    expect(j.librarySolved).toHaveLength(3);
    expect(j.newlySolved).toEqual([]);
    expect(typeof j.overfit).toBe('number');
    expect(j.rounds.map((x: { kind: string }) => x.kind)).toEqual(['library', 'mutants']);
    for (const round of j.rounds) {
      expect(typeof round.candidates).toBe('number');
      expect(typeof round.candidatesPerSecond).toBe('number');
      expect(typeof round.solved).toBe('number');
    }
    expect(j.rounds[1].candidates).toBeGreaterThan(0);
    expect(j.incomplete).toBeUndefined();
    expect(r.stdout).toMatch(/solved 3 \/ 3 \(library 3, newly 0\)/);
  });

  it('newlySolved lists {id, md5, file} when a task is solved only by the search (own solvers left out)', () => {
    const out = temp();
    const json = path.join(out, 'report.json');
    const r = runCli(['search', '--leave-own-out', '--generations', '1', '-n', '200', '--out', out, '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(readFileSync(json, 'utf8'));
    for (const n of j.newlySolved) {
      expect(Object.keys(n).sort()).toEqual(['file', 'id', 'md5']);
      expect(existsSync(n.file)).toBe(true);
      expect(j.solved).toContain(n.id);
      expect(j.librarySolved).not.toContain(n.id);
    }
    // No task is credited to its own solver: the library alone solves fewer than all 22.
    expect(j.librarySolved.length).toBeLessThan(22);
  });

  it('--time 5s ends within the budget + 30 s, with its report', () => {
    const data = sharedPath('arc', 'arc-agi-1', 'evaluation');
    const dsl = sharedPath('arc-dsl');
    const out = temp();
    const json = path.join(out, 'report.json');
    // With the real data a round outlasts 5 s; without it, the shipped tasks with many generations.
    const args = data && dsl ? ['--data', data, '-c', '40', '--library', dsl] : ['--mix', 'default', '-n', '300'];
    const t0 = Date.now();
    const r = runCli(['search', ...args, '--time', '5s', '--out', out, '--json', json]);
    const ms = Date.now() - t0;
    expect(r.code, r.stderr).toBe(0);
    expect(ms).toBeLessThan(35_000);
    const j = JSON.parse(readFileSync(json, 'utf8'));
    expect(j.timeBudgetMs).toBe(5000);
    expect(j.wallMs).toBeLessThan(35_000);
    expect(Array.isArray(j.solved)).toBe(true);
    expect(r.stdout).toMatch(/^solved \d+ \/ \d+/m);
  }, 60_000);

  it('a second run with the same --out continues: no library round, no candidate run twice', () => {
    const out = temp();
    const a = path.join(out, 'a.json'), b = path.join(out, 'b.json');
    const args = ['search', '-c', '3', '--generations', '1', '-n', '60', '--out', out];
    expect(runCli([...args, '--json', a]).code).toBe(0);
    const seen1 = readFileSync(path.join(out, 'search', 'seen.txt'), 'utf8').trim().split('\n');
    const r = runCli([...args, '--json', b]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(readFileSync(b, 'utf8'));
    expect(j.resumed).toBe(true);
    expect(j.earlierRounds).toBe(1);
    expect(j.rounds.map((x: { kind: string }) => x.kind)).toEqual(['mutants']);
    expect(j.librarySolved).toHaveLength(3);
    expect(j.solved).toHaveLength(3);
    const seen2 = readFileSync(path.join(out, 'search', 'seen.txt'), 'utf8').trim().split('\n');
    expect(seen2.length).toBeGreaterThan(seen1.length);
    expect(new Set(seen2).size).toBe(seen2.length);
    expect(r.stdout).toMatch(/continued from 1 earlier round/);
  });

  for (const mode of ['parallel', 'sequential']) {
    it(`Ctrl-C during a search (${mode}): exit 130, JSON marked incomplete, table and submission written`, async () => {
      const out = temp();
      const json = path.join(out, 'report.json');
      const submission = path.join(out, 'submission.json');
      const child = startCli(['search', '--mode', mode, '--mix', 'default', '--two-step', '0.5', '-n', '400', '--generations', '100000', '--out', out, '--json', json, '--submission', submission]);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      await new Promise<void>((resolve) => {
        const check = () => (/^round 1:/m.test(stdout) ? resolve() : setTimeout(check, 10));
        check();
      });
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      const j = JSON.parse(readFileSync(json, 'utf8'));
      expect(j.incomplete).toBe(true);
      expect(j.librarySolved).toHaveLength(22);
      expect(j.rounds.length).toBeGreaterThanOrEqual(2);
      expect(stdout).toMatch(/│ round\s+│ candidates/);
      expect(stdout).toMatch(/^solved 22 \/ 22/m);
      const sub = JSON.parse(readFileSync(submission, 'utf8'));
      expect(Object.keys(sub)).toHaveLength(22);
    }, 60_000);
  }
});
