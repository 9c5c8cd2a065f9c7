// Unit tests beside the slow CLI ones: crash isolation (split and join of
// jobs), the store, the validation cache and the differs, and the one
// status vocabulary.
import { lstatSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../helpers/cli.js';
import { crashedResult, joinResults, splitJob } from '../../src/exec/isolate.js';
import { handleJob, type ScoreJob, type ScoreBatchResult, type ValidateJob, type ValidateResult, type Validated } from '../../src/jobs/index.js';
import { parseSolvers } from '../../src/program/parse.js';
import { buildGraph, evaluateGraph } from '../../src/program/graph.js';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../helpers/shared.js';
import { planCheck, runCheck } from '../../src/pipeline/check.js';
import { encodeGrid, programOutputs } from '../../src/report/html/grids.js';
import type { Task } from '../../src/task/load.js';
import { isArcGrid, sameAsWire, sameGrid, toWire } from '../../src/task/grid.js';
import { frozenset } from '../../src/dsl/values.js';
import { storeWinners, listTask } from '../../src/pipeline/store.js';
import { ValidationCache } from '../../src/pipeline/cache.js';
import { thousands } from '../../src/format.js';
import { partialCredit } from '../../src/pipeline/differs.js';
import { compareGrids, compareRows } from '../../src/task/credit.js';
import { STATUS_CODE, STATUSES, isSolved, statusOf, statusOfCode, POINTS_PER_SAMPLE } from '../../src/status.js';
import { BudgetError } from '../../src/dsl/budget.js';
import { scoreJobs } from '../../src/exec/sizing.js';

// Temporary folders live under the test run's own root, removed when the run ends (global-setup.ts).
const temp = () => tempFolder();

const programs = parseSolvers(
  ['def solve_a(I):', '    O = vmirror(I)', '    return O', 'def solve_b(I):', '    O = hmirror(I)', '    return O', 'def solve_c(I):', '    O = rot90(I)', '    return O', 'def solve_d(I):', '    O = dmirror(I)', '    return O'].join('\n'),
  'u.py',
).programs;
const graph = buildGraph(programs);
const grid = (rows: number[][]) => toWire(rows);
const samples = [
  { sample: { input: grid([[1, 2], [3, 4]]), output: grid([[2, 1], [4, 3]]) }, index: 0 },
  { sample: { input: grid([[5, 6], [7, 8]]), output: grid([[6, 5], [8, 7]]) }, index: 1 },
];
const scoreJob: ScoreJob = { kind: 'score', graph, candidates: [0, 1, 2, 3], samples, timeoutMs: 1000 };

describe('score job sizing', () => {
  const square = (n: number) => grid(Array.from({ length: n }, () => Array.from({ length: n }, () => 1)));
  const taskOf = (n: number) => Array.from({ length: n }, (_, k) => ({ input: square(2 + k), output: square(2 + k) }));
  const reps = (n: number) => Array.from({ length: n }, (_, k) => k);
  // Per job: the sample indices and its candidates' first and last.
  const shape = (jobs: ScoreJob[]) => jobs.map((j) => [j.samples.map((s) => s.index), j.candidates[0], j.candidates[j.candidates.length - 1]]);

  it('a large battery on a task with few samples is cut into candidate parts, so two workers get three jobs each', () => {
    const jobs = scoreJobs(graph, reps(1000), taskOf(4), 2, 1000);
    expect(jobs).toHaveLength(8);
    // Largest input first; each sample's candidates in two contiguous parts, every candidate once per sample.
    expect(shape(jobs)).toEqual([[[3], 0, 499], [[3], 500, 999], [[2], 0, 499], [[2], 500, 999], [[1], 0, 499], [[1], 500, 999], [[0], 0, 499], [[0], 500, 999]]);
  });

  it('with enough samples every job keeps all its candidates; no part has fewer than 256', () => {
    expect(shape(scoreJobs(graph, reps(1000), taskOf(6), 2, 1000))).toEqual([5, 4, 3, 2, 1, 0].map((s) => [[s], 0, 999]));
    // Two samples of 600 candidates: two parts each (three would be 200 candidates).
    expect(shape(scoreJobs(graph, reps(600), taskOf(2), 2, 1000))).toEqual([[[1], 0, 299], [[1], 300, 599], [[0], 0, 299], [[0], 300, 599]]);
  });

  it('fewer samples than workers: one part per worker; in-process: one job per sample', () => {
    expect(shape(scoreJobs(graph, reps(1200), taskOf(1), 2, 1000))).toEqual([[[0], 0, 599], [[0], 600, 1199]]);
    expect(shape(scoreJobs(graph, reps(1000), taskOf(4), 1, 1000))).toEqual([0, 1, 2, 3].map((s) => [[s], 0, 999]));
  });
});

describe('crash isolation: split and join', () => {
  it('a score job splits by candidates first, and the joined halves equal the whole job', () => {
    const halves = splitJob(scoreJob)!;
    expect(halves.map((h) => h.candidates)).toEqual([[0, 1], [2, 3]]);
    const whole = handleJob(scoreJob) as ScoreBatchResult;
    const joined = joinResults(scoreJob, handleJob(halves[0]) as ScoreBatchResult, handleJob(halves[1]) as ScoreBatchResult);
    const strip = (r: ScoreBatchResult) => r.results.map(({ taskMs, ...x }) => ({ ...x, status: [...x.status] })).sort((a, b) => a.sampleIndex - b.sampleIndex);
    expect(strip(joined)).toEqual(strip(whole));
    // solve_a (vmirror) is exact on both samples.
    expect(strip(whole)[0].status[0]).toBe(STATUS_CODE.ok);
  });

  it('a single candidate splits its samples; a single item does not split', () => {
    const one = { ...scoreJob, candidates: [2] };
    expect(splitJob(one)!.map((h) => h.samples.map((s) => s.index))).toEqual([[0], [1]]);
    expect(splitJob({ ...one, samples: [samples[0]] })).toBeUndefined();
  });

  it('halving isolates one item: a crashed single item carries the crash status, the rest their results', () => {
    const job: ValidateJob = { kind: 'validate', programs: ['p1', 'p2', 'p3'], samples: samples.map((s) => s.sample), timeoutMs: 1000 };
    const [a, b] = splitJob(job)!;
    expect(a.programs).toEqual(['p1', 'p2']);
    expect(b.programs).toEqual(['p3']);
    const crashed = crashedResult(b, 'oom', 'WorkerOutOfMemory') as ValidateResult;
    expect(crashed.programs).toEqual([{ status: 'oom', error: 'WorkerOutOfMemory', exact: 0, known: 2, ms: 0, misses: [] }]);
    const fine: ValidateResult = { programs: [1, 2].map(() => ({ status: 'ok', exact: 2, known: 2, ms: 1, misses: [null, null] })), taskMs: 2 };
    const joined = joinResults(job, fine, crashed);
    expect(joined.programs.map((p) => p.status)).toEqual(['ok', 'ok', 'oom']);
    const score = crashedResult({ ...scoreJob, candidates: [1] }, 'timeout', 'WorkerTimeout') as ScoreBatchResult;
    expect(score.results.map((r) => [...r.status])).toEqual([[STATUS_CODE.timeout], [STATUS_CODE.timeout]]);
  });

  it('a crash in an inline job is a bug, not a candidate fault', () => {
    expect(() => crashedResult({ kind: 'inline', programs: ['x'] }, 'error', 'boom')).toThrow(/inline job failed/);
  });
});

describe('status vocabulary', () => {
  it('one wire code per status, both ways', () => {
    for (const s of STATUSES) expect(statusOfCode(STATUS_CODE[s])).toBe(s);
  });
  it('statusOf maps the budget, allocation failures and exceptions', () => {
    expect(statusOf(new BudgetError('timeout', 'x'))).toEqual({ status: 'timeout', error: 'Timeout' });
    expect(statusOf(new BudgetError('memory', 'x'))).toEqual({ status: 'oom', error: 'MemoryLimit' });
    expect(statusOf(new RangeError('Invalid array length'))).toEqual({ status: 'oom', error: 'RangeError' });
    expect(statusOf(new TypeError('x'))).toEqual({ status: 'error', error: 'TypeError' });
  });
  it('isSolved: every known sample exact, and at least one known', () => {
    expect(isSolved(3 * POINTS_PER_SAMPLE, 3)).toBe(true);
    expect(isSolved(3 * POINTS_PER_SAMPLE - 1, 3)).toBe(false);
    expect(isSolved(0, 0)).toBe(false);
    expect(isSolved(undefined, 2)).toBe(false);
  });
});

const md5 = (c: string) => c.repeat(32);
const winner = (c: string, score: number, tLog: number) => ({ md5: md5(c), score, tLog, text: `def solve_t(I):\n    O = vmirror(I)\n    return O\n` });

describe('store', () => {
  it('files winners by score and speed as relative links to a write-once md5 file', async () => {
    const out = temp();
    const r = await storeWinners(out, 't1', [winner('a', 5000, 18), winner('b', 3000, 19)]);
    expect(r.written).toBe(2);
    const link = path.join(out, 'solver_dir', 'solve_t1', '5000', '18', `${md5('a')}.py`);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(`../../../../solver_md5/${md5('a')}.py`);
    expect(readFileSync(link, 'utf8')).toMatch(/def solve_t/);
    // Written once: a second store of the same program writes nothing new.
    expect((await storeWinners(out, 't1', [winner('a', 5000, 18)])).written).toBe(0);
  });

  it('keeps at most `keep` per task, dropping the lowest score, then the slowest', async () => {
    const out = temp();
    await storeWinners(out, 't', [winner('a', 5000, 18), winner('b', 3000, 19), winner('c', 5000, 20)], 2);
    const kept = listTask(path.join(out, 'solver_dir', 'solve_t')).map((e) => e.md5).sort();
    expect(kept).toEqual([md5('a'), md5('c')]);
  });

  it('a program measured again moves to its new bucket; dangling links are removed', async () => {
    const out = temp();
    await storeWinners(out, 't', [winner('a', 5000, 18)]);
    await storeWinners(out, 't', [winner('a', 5000, 20)]);
    const entries = listTask(path.join(out, 'solver_dir', 'solve_t'));
    expect(entries.map((e) => e.tLog)).toEqual([20]);
    rmSync(path.join(out, 'solver_md5', `${md5('a')}.py`));
    expect(listTask(path.join(out, 'solver_dir', 'solve_t'))).toEqual([]);
    expect(readdirSync(path.join(out, 'solver_dir', 'solve_t', '5000', '20'))).toEqual([]);
  });
});

const validated = (exact: number): Validated => ({ status: exact === 2 ? 'ok' : 'wrong', exact, known: 2, ms: 1.5, misses: [null, exact === 2 ? null : grid([[1]])], outputs: [grid([[3, 4]])] });

describe('validation cache', () => {
  it('a saved result is found again, grids and all; other tasks and timeouts miss', async () => {
    const cache = new ValidationCache(temp());
    await cache.save('task', 1000, [[md5('a'), validated(1)]]);
    const found = await cache.lookup('task', 1000, [md5('a'), md5('b')]);
    expect(found.get(md5('a'))).toEqual(validated(1));
    expect(found.has(md5('b'))).toBe(false);
    expect((await cache.lookup('task', 2000, [md5('a')])).size).toBe(0);
    expect((await cache.lookup('other', 1000, [md5('a')])).size).toBe(0);
    expect([cache.hits, cache.misses]).toEqual([1, 3]);
  });

  it('a torn line is skipped: that program is a miss, the others still hit', async () => {
    const root = temp();
    const cache = new ValidationCache(root);
    await cache.save('task', 1000, [[md5('a'), validated(2)], [md5('b'), validated(1)]]);
    const [sub] = readdirSync(root);
    const [file] = readdirSync(path.join(root, sub));
    const log = path.join(root, sub, file);
    const [first, second] = readFileSync(log, 'utf8').split('\n');
    writeFileSync(log, `${first}\n${second.slice(0, second.length >> 1)}`);
    const found = await cache.lookup('task', 1000, [md5('a'), md5('b')]);
    expect([...found.keys()]).toEqual([md5('a')]);
  });

  it('a write that fails disables the cache once, with the reason, and never throws', async () => {
    const root = temp();
    writeFileSync(path.join(root, 'cache'), 'a file where the cache folder should be');
    const reasons: string[] = [];
    const cache = new ValidationCache(path.join(root, 'cache'), (r) => reasons.push(r));
    await cache.save('task', 1000, [[md5('a'), validated(2)]]);
    await cache.save('task', 1000, [[md5('b'), validated(2)]]);
    // Tasks overlapping in the pool save at the same time: still one warning per cache.
    const shared = new ValidationCache(path.join(root, 'cache'), (r) => reasons.push(r));
    await Promise.all(['t1', 't2', 't3'].map((t) => shared.save(t, 1000, [[md5('c'), validated(2)]])));
    expect(reasons).toHaveLength(2);
    reasons.pop();
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/ENOTDIR|EEXIST/);
    expect(cache.disabled).toBeDefined();
  });
});

describe('differs', () => {
  it('credits shape, cells and palette', () => {
    expect(compareGrids(grid([[1, 2], [3, 4]]), grid([[1, 2], [3, 4]]))).toEqual({ sameShape: true, cells: 1, palette: 1 });
    expect(compareGrids(grid([[1, 2], [3, 5]]), grid([[1, 2], [3, 4]]))).toEqual({ sameShape: true, cells: 0.75, palette: 3 / 5 });
    expect(compareGrids(grid([[1]]), grid([[1, 2]]))).toEqual({ sameShape: false, cells: 0, palette: 0.5 });
  });

  it("credits an output's rows (the search's judge) exactly as its wire copy, colours past 30 included", () => {
    // The reference: shape, cell fraction and the Jaccard overlap of the two colour Sets.
    const reference = (out: number[][], want: number[][]) => {
      const a = new Set(out.flat()), b = new Set(want.flat());
      const both = [...a].filter((c) => b.has(c)).length;
      const sameShape = out.length === want.length && out[0].length === want[0].length;
      const cells = sameShape ? out.flat().filter((c, k) => c === want.flat()[k]).length / out.flat().length : 0;
      return { sameShape, cells, palette: both / (a.size + b.size - both) };
    };
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let t = 0; t < 300; t++) {
      const h = 1 + rnd(3), w = 1 + rnd(3);
      const out = Array.from({ length: h }, () => Array.from({ length: w }, () => rnd(10)));
      const wide = t % 3 === 0 ? 40 : 10; // expected grids with colours past 30 (not ARC's) take the exact path
      const h2 = 1 + rnd(3), w2 = 1 + rnd(3);
      const want = t % 2 === 0 ? out.map((r) => r.map((c) => (rnd(4) === 0 ? rnd(wide) : c))) : Array.from({ length: h2 }, () => Array.from({ length: w2 }, () => rnd(wide)));
      const expected = reference(out, want);
      expect(compareRows(out, grid(want))).toEqual(expected);
      expect(compareGrids(grid(out), grid(want))).toEqual(expected);
    }
  });

  it('partial credit stays below one sample, is 0 for a non-grid, and ignores exact and unknown samples', () => {
    const want = [grid([[1, 2]]), grid([[3, 4]]), undefined];
    const near = partialCredit([null, grid([[3, 5]]), grid([[9]])], want, [true, false, false]);
    // Only sample 1 counts: same shape (1/4) + half the cells (1/4) + palette 1/3 (1/12).
    expect(near).toBe(Math.floor((POINTS_PER_SAMPLE - 1) * (0.25 + 0.25 + 0.25 / 3)));
    expect(partialCredit([grid([[1, 2]])], [grid([[1, 2]])], [false])).toBeLessThan(POINTS_PER_SAMPLE);
    expect(partialCredit([null], [grid([[1, 2]])], [false])).toBe(0);
  });
});

describe('thousands', () => {
  it('writes integers as toLocaleString("en-US") does, without loading Intl', () => {
    for (const n of [0, 7, 999, 1000, -1000, 12345, 100000, 1234567, -987654321, 2 ** 40]) {
      expect(thousands(n)).toBe(n.toLocaleString('en-US'));
    }
  });
});

describe('sameGrid and sameAsWire', () => {
  it('are an exact, typed match: equal cells only, no Boolean for 1, no other shapes', () => {
    const want = [[0, 1], [2, 3]];
    const wire = toWire(want);
    for (const same of [(v: never) => sameGrid(v, want), (v: never) => sameAsWire(v, wire)]) {
      expect(same([[0, 1], [2, 3]] as never)).toBe(true);
      expect(same([[0, true], [2, 3]] as never)).toBe(false);
      expect(same([[0, 1.5], [2, 3]] as never)).toBe(false);
      expect(same([[0, 1], [2]] as never)).toBe(false);
      expect(same([[0, 1, 9], [2, 3]] as never)).toBe(false);
      expect(same([[0, 1], [2, 3], [4, 5]] as never)).toBe(false);
      expect(same([[0, 1], frozenset([2, 3])] as never)).toBe(false);
      expect(same([[0, 1], 2] as never)).toBe(false);
      expect(same(frozenset([1]) as never)).toBe(false);
      expect(same(3 as never)).toBe(false);
    }
  });
});

describe('isArcGrid', () => {
  it('accepts 1..30 rows of one length 1..30 of integers 0..9, and nothing else', () => {
    const row = (n: number, v = 0) => Array.from({ length: n }, () => v);
    expect(isArcGrid([[0, 9], [3, 4]] as never)).toBe(true);
    expect(isArcGrid([row(30)] as never)).toBe(true);
    expect(isArcGrid(Array.from({ length: 30 }, () => row(1)) as never)).toBe(true);
    for (const bad of [[], [[]], [row(31)], Array.from({ length: 31 }, () => row(1)), [[0, 1], [2]], [[0, 10]], [[0, -1]], [[0, 1.5]], [[0, true]], [[0, null]], [[0, [1]]], [[0, 1], 2], [frozenset([1])], 3, frozenset([1])]) {
      expect(isArcGrid(bad as never)).toBe(false);
    }
  });
});

describe('evaluateGraph judges each output as it is computed', () => {
  // solve_p's output (x1) is also solve_q's first line; solve_r fails on its first line, and its
  // failure reaches its output through a node whose other operand is a large grid.
  const battery = parseSolvers(
    [
      'def solve_p(I):', '    O = vmirror(I)', '    return O',
      'def solve_q(I):', '    x1 = vmirror(I)', '    O = hmirror(x1)', '    return O',
      'def solve_r(I):', '    x1 = first(ZERO)', '    x2 = upscale(I, TEN)', '    O = hconcat(x1, x2)', '    return O',
    ].join('\n'),
    'j.py',
  ).programs;
  const g = buildGraph(battery);
  const input = [[1, 2], [3, 4]];

  it('returns one judgement per output, in the order of the outputs, each output judged once', () => {
    const seen: unknown[] = [];
    const outputs = [g.outputs[2], g.outputs[1], g.outputs[0]];
    const judged = evaluateGraph(g, outputs, input, 1000, (v) => {
      seen.push(v);
      return Array.isArray(v) ? JSON.stringify(v) : `failed: ${(v as { status: string }).status}`;
    });
    expect(judged).toEqual(['failed: error', JSON.stringify([[3, 4], [1, 2]].map((r) => [...r].reverse())), JSON.stringify([[2, 1], [4, 3]])]);
    expect(seen).toHaveLength(3);
  });

  it('an output that another candidate reads is still there for it', () => {
    // vmirror(I) is solve_p's output and solve_q's input: judged first, then read by hmirror.
    const judged = evaluateGraph(g, [g.outputs[0], g.outputs[1]], input, 1000, (v) => v);
    expect(judged).toEqual([[[2, 1], [4, 3]], [[4, 3], [2, 1]]]);
  });
});

describe('grid primitives build packed arrays of one kind', () => {
  // V8 gives an array built by `new Array(n)` a holey elements kind, and one that was given an
  // array once a generic kind: grids of mixed kinds make every grid primitive polymorphic
  // (deoptimised and compiled again in a cold run). Checked in a child with V8's natives syntax.
  it('rows are packed small-integer arrays and row lists packed arrays, like the task JSON, even after grids of tuples', () => {
    const script = `
      const { primitives: P } = await import(${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist', 'index.js')).href)});
      const kind = (a) => (%HasHoleyElements(a) ? 'holey ' : 'packed ') + (%HasSmiElements(a) ? 'smi' : %HasDoubleElements(a) ? 'double' : 'generic');
      const g = JSON.parse('[[0,1,2],[3,4,5],[6,7,8]]');
      const obj = P.first(P.objects(g, true, false, false));
      const calls = {
        rot90: () => P.rot90(g), rot180: () => P.rot180(g), rot270: () => P.rot270(g), hmirror: () => P.hmirror(g), vmirror: () => P.vmirror(g),
        dmirror: () => P.dmirror(g), cmirror: () => P.cmirror(g), canvas: () => P.canvas(0, [3, 3]), fill: () => P.fill(g, 1, P.ofcolor(g, 0)),
        paint: () => P.paint(g, obj), upscale: () => P.upscale(g, 2), hupscale: () => P.hupscale(g, 2), vupscale: () => P.vupscale(g, 2),
        hconcat: () => P.hconcat(g, g), vconcat: () => P.vconcat(g, g), crop: () => P.crop(g, [0, 0], [2, 2]), replace: () => P.replace(g, 0, 1),
        switch: () => P.switch(g, 0, 1), cellwise: () => P.cellwise(g, g, 0), lefthalf: () => P.lefthalf(g), righthalf: () => P.righthalf(g),
        hmirrorTuple: () => [P.hmirror([[1, [0, 0]], [2, [0, 1]]]), P.vmirror(g)][1],
        downscale: () => P.downscale(g, 1), compress: () => P.compress([[0, 0, 0], [0, 1, 2], [0, 3, 4]]), trim: () => P.trim([[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
        apply: () => [P.apply(P.size, [[1], [2, 3], []])], repeat: () => [P.repeat(3, 4)], pair: () => P.pair([1, 2], [3, 4]),
        fillAfterTuple: () => P.fill(P.fill(g, [1, 1], P.ofcolor(g, 8)), 1, P.ofcolor(g, 0)),
      };
      // Grids of tuples first, often enough for V8 to keep feedback: no allocation site or store may remember them.
      const tg = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]];
      for (let k = 0; k < 500; k++) {
        P.rot90(tg); P.rot180(tg); P.rot270(tg); P.vmirror(tg); P.dmirror(tg); P.cmirror(tg);
        P.replace(tg, [1, 2], [0, 0]); P.switch(tg, [1, 2], [3, 4]); P.cellwise(tg, tg, [0, 0]); P.canvas([1, 2], [2, 2]);
        P.hupscale(tg, 2); P.upscale(tg, 2); P.downscale(tg, 1); P.compress([[[1, 2], [1, 2]], [[1, 2], [3, 4]]]);
        // ... and tuples or large numbers written into rows of small integers.
        P.fill(g, [1, 1], P.ofcolor(g, 0)); P.fill(g, 2 ** 40, P.ofcolor(g, 0)); P.paint(g, P.recolor([1, 1], P.ofcolor(g, 4)));
        P.replace(g, 0, [1, 1]); P.switch(g, 0, [1, 1]); P.underfill(g, [1, 1], P.asindices(g));
        P.apply(P.identity, [[1], [2]]); P.apply(P.size, [[1], [2, 3]]); P.repeat([1, 2], 3); P.pair([[1]], [[2]]); P.pair([1], [2 ** 40]);
      }
      const out = {};
      for (let round = 0; round < 3; round++)
        for (const [name, f] of Object.entries(calls)) { const v = f(); out[name] = kind(v) + ' / ' + kind(v[0]); }
      console.log(JSON.stringify(out));`;
    const text = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const kinds = JSON.parse(text) as Record<string, string>;
    for (const [name, k] of Object.entries(kinds)) expect(`${name}: ${k}`).toBe(`${name}: packed generic / packed smi`);
  });

  // Packed sets decode their keys with floating-point arithmetic, which gives integral heap numbers:
  // one stored in a tuple makes it an array of doubles, V8 then builds that literal's later tuples as
  // doubles too, and reading from them boxes every coordinate again (3,600 such rows in one check of
  // arc-dsl's solvers, and every primitive reading them polymorphic).
  it('coordinates, sizes and tuples taken from packed sets are small integers, cold and optimised', () => {
    const script = `
      const { primitives: P } = await import(${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist', 'index.js')).href)});
      const g = JSON.parse('[[0,1,1,0,0],[0,1,0,0,2],[3,0,0,2,2]]');
      const objs = [...P.objects(g, true, false, true).items, P.ofcolor(g, 0), P.asindices(g)];
      const bad = new Set();
      const check = (name, v) => {
        if (typeof v === 'number') { if (!%IsSmi(v)) bad.add(name + ': ' + v + ' is a heap number'); }
        else if (Array.isArray(v)) { if (!%HasSmiElements(v)) bad.add(name + ': ' + JSON.stringify(v) + ' is not a small-integer array'); }
      };
      for (let round = 0; round < 2000; round++)
        for (const o of objs)
          for (const name of ['ulcorner', 'urcorner', 'llcorner', 'lrcorner', 'center', 'centerofmass', 'shape', 'uppermost', 'lowermost', 'leftmost', 'rightmost', 'height', 'width', 'size'])
            check(name, P[name](o));
      console.log(JSON.stringify([...bad]));`;
    const text = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(text)).toEqual([]);
  });

  // An array literal's allocation site remembers the most general element any of its arrays was
  // given: one large number in a pair made every later pair of that literal an array of doubles.
  it('pairs of small integers stay small-integer arrays after pairs of large numbers, sets and Booleans', () => {
    const script = `
      const { primitives: P, frozenset } = await import(${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist', 'index.js')).href)});
      const kind = (a) => (%HasSmiElements(a) ? 'smi' : %HasDoubleElements(a) ? 'double' : 'generic');
      const calls = {
        add: () => P.add([1, 2], [3, 4]), subtract: () => P.subtract([5, 2], 1), multiply: () => P.multiply(3, [1, 2]), divide: () => P.divide([6, 4], 2),
        invert: () => P.invert([1, 2]), double: () => P.double([1, 2]), increment: () => P.increment([1, 2]), astuple: () => P.astuple(3, 4),
        toivec: () => P.toivec(3), tojvec: () => P.tojvec(3),
      };
      for (let k = 0; k < 2000; k++) for (const f of Object.values(calls)) f();
      const s = frozenset([1]);
      for (let k = 0; k < 20; k++) {
        P.add([2 ** 40, 1], [1, 1]); P.subtract([s, 1], [s, 1]); P.multiply(2 ** 35, [1, 2]); P.divide([2 ** 40, 1], 1); P.invert([2 ** 40, 1]);
        P.double([2 ** 40, 1]); P.increment([2 ** 40, 1]); P.astuple(2 ** 40, 0); P.astuple(s, true); P.toivec(2 ** 40); P.tojvec(s);
      }
      const out = {};
      for (const [name, f] of Object.entries(calls)) out[name] = kind(f());
      console.log(JSON.stringify(out));`;
    const text = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const kinds = JSON.parse(text) as Record<string, string>;
    for (const [name, k] of Object.entries(kinds)) expect(`${name}: ${k}`).toBe(`${name}: smi`);
  });
});

describe('check keeps the timed runs\' outputs for the reports', () => {
  const task = {
    id: 'aaaaaaaa',
    train: [{ input: [[1, 2], [3, 4]], output: [[2, 1], [4, 3]] }, { input: [[5, 6]], output: [[0, 0]] }],
    // A test input without a known output: not checked, but the reports show its output.
    test: [{ input: [[7, 8, 9]] }],
  } as unknown as Task;
  const [program] = parseSolvers(['def solve_aaaaaaaa(I):', '    O = vmirror(I)', '    return O'].join('\n'), 'k.py').programs;

  it('every pair\'s output, the unchecked ones too, equal to a second run\'s; none without keepOutputs', () => {
    const plan = planCheck([program], [task]);
    const [kept] = runCheck(plan, { timeoutMs: 1000, keepOutputs: true });
    expect(kept.pairs).toBe(2);
    expect(kept.pairsOk).toBe(1);
    expect(kept.outputs).toEqual([[[2, 1], [4, 3]], [[6, 5]], [[9, 8, 7]]]);
    expect(kept.outputs!.map((o) => (o ? encodeGrid(o) : null))).toEqual(programOutputs(program, task, 1000));
    const [plain] = runCheck(plan, { timeoutMs: 1000 });
    expect(plain.outputs).toBeUndefined();
  });

  it('a pair whose run fails has no output', () => {
    const [bad] = parseSolvers(['def solve_aaaaaaaa(I):', '    x1 = first(ZERO)', '    O = vmirror(x1)', '    return O'].join('\n'), 'b.py').programs;
    const [r] = runCheck(planCheck([bad], [task]), { timeoutMs: 1000, keepOutputs: true });
    expect(r.outputs).toEqual([null, null, null]);
  });
});
