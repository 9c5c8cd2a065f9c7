// Small hand-made --json reports for the HTML tests.

export const SOURCE = 'def solve_t1(I):\n    O = vmirror(I)\n    return O\n';

export function runReport(source = SOURCE) {
  return {
    tasks: [
      {
        id: 't1',
        candidates: 3,
        unique: 2,
        statuses: { ok: 1, wrong: 1, error: 0, timeout: 0, oom: 0 },
        best: { md5: 'a'.repeat(32), score: 2000, tLog: 19 },
        stored: 1,
        cache: { hits: 0, misses: 2 },
        programs: [],
        ms: 12.5,
        grids: { train: [{ input: ['12', '30'], output: ['21', '03'] }], test: [{ input: ['45', '60'], output: ['54', '06'] }] },
        top: [
          { md5: 'a'.repeat(32), score: 2000, status: 'ok', tLog: 19, ms: 0.1, source, outputs: [['21', '03'], ['54', '06']] },
          { md5: 'b'.repeat(32), score: 1500, status: 'wrong', tLog: 18, ms: 0.2, source: 'def solve_t1(I):\n    O = hmirror(I)\n    return O\n', outputs: [['30', '12'], null] },
        ],
      },
      {
        id: 't2',
        candidates: 3,
        unique: 2,
        statuses: { ok: 0, wrong: 2, error: 1, timeout: 0, oom: 0 },
        best: { md5: 'c'.repeat(32), score: 500, tLog: 20 },
        stored: 0,
        cache: { hits: 0, misses: 2 },
        programs: [],
        ms: 40,
        grids: { train: [{ input: ['1'], output: ['2'] }], test: [{ input: ['3'] }] },
        top: [{ md5: 'c'.repeat(32), score: 500, status: 'wrong', tLog: 20, source: SOURCE, outputs: [['1'], ['3']] }],
      },
      { id: 't3', candidates: 3, unique: 1, statuses: { ok: 0, wrong: 0, error: 3, timeout: 0, oom: 0 }, best: null, stored: 0, cache: { hits: 0, misses: 0 }, programs: [], ms: 3, grids: { train: [{ input: ['7'], output: ['8'] }], test: [] }, top: [] },
    ],
    phases: [
      { name: 'pool start', wallMs: 100, taskMs: 0, cpuMs: 200, items: 2 },
      { name: 'score samples', wallMs: 50, taskMs: 80, cpuMs: 90, items: 12 },
      { name: 'validate', wallMs: 25, taskMs: 30, cpuMs: 20, items: 6 },
    ],
    wallMs: 300,
    cpuMs: 400,
    mode: 'parallel',
    workers: 2,
    cache: { hits: 0, misses: 4 },
  };
}

export const checkReport = () => ({
  tasks: [
    { id: 't1', solved: true, pairs: 2, pairsOk: 2, ms: 1.5, grids: { train: [{ input: ['1'], output: ['1'] }], test: [{ input: ['2'], output: ['2'] }] }, program: { name: 'solve_t1', file: 'x.py:1', md5: 'd'.repeat(32), source: SOURCE, outputs: [['1'], ['2']] } },
    { id: 't2', solved: false, pairs: 1, pairsOk: 0, ms: 0.5, error: 'pair 1: wrong output', grids: { train: [{ input: ['1'], output: ['2'] }], test: [] }, program: { name: 'solve_t2', file: 'x.py:5', source: SOURCE, outputs: [['1']] } },
    { id: 't3', solved: false, pairs: 1, pairsOk: 0, ms: 5, error: 'pair 1: Timeout', grids: { train: [{ input: ['1'], output: ['2'] }], test: [] }, program: { name: 'solve_t3', file: 'x.py:9', source: SOURCE, outputs: [null] } },
  ],
  solved: 1,
  total: 3,
  wallMs: 20,
});

export const searchReport = () => ({
  generations: [
    { generation: 0, candidates: 44, unique: 40, solved: ['t1'], best: { t1: 2000, t2: 0 }, wallMs: 100 },
    { generation: 1, candidates: 200, unique: 150, solved: ['t1'], best: { t1: 2000, t2: 1000 }, wallMs: 300 },
    { generation: 2, candidates: 200, unique: 160, solved: ['t1', 't2'], best: { t1: 2000, t2: 2000 }, wallMs: 250 },
  ],
  newlySolved: [{ id: 't2', md5: 'e'.repeat(32), file: 'search_out/solver_md5/e.py' }],
  tasks: [
    { id: 't1', best: { md5: 'a'.repeat(32), score: 2000, tLog: 19 }, statuses: { ok: 3, wrong: 1, error: 0, timeout: 0, oom: 0 }, grids: { train: [{ input: ['1'], output: ['1'] }], test: [{ input: ['2'], output: ['2'] }] }, top: [] },
    { id: 't2', best: { md5: 'e'.repeat(32), score: 2000, tLog: 19 }, statuses: { ok: 1, wrong: 1, error: 0, timeout: 0, oom: 0 }, grids: { train: [{ input: ['1'], output: ['2'] }], test: [{ input: ['3'], output: ['4'] }] }, top: [] },
  ],
  phases: [{ name: 'score samples', wallMs: 50, taskMs: 80, cpuMs: 90, items: 12 }],
});
