// The CLI side of the visible results: --html on run, check and search,
// `report`, `show`, and the bench exports.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'run-batt-report-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => path.join(dir, name);
const embedded = (html: string) => JSON.parse(/<script type="application\/json" id="run-batt-data">([\s\S]*?)<\/script>/.exec(html)![1]);

describe('--html and report', () => {
  it('run --html writes one page with the task, its best md5 and its grids; report rebuilds it from --json', () => {
    const r = runCli(['--html', at('run.html'), '--json', at('run.json'), '-i', '007bbfb7', '-b', at('store'), '-n', '60', '--mode', 'sequential']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`html: `);
    const json = JSON.parse(readFileSync(at('run.json'), 'utf8'));
    const task = json.tasks[0];
    expect(task.grids.train.length).toBeGreaterThan(0);
    expect(task.top[0]).toMatchObject({ md5: task.best.md5, score: task.best.score, source: expect.stringContaining('def solve_007bbfb7(I):') });
    expect(task.top[0].outputs).toHaveLength(task.grids.train.length + task.grids.test.length);
    expect(task.top[0].outputs[0]).toEqual(task.grids.train[0].output);
    // Program texts go only with the best programs.
    expect(task.programs.some((p: { source?: string }) => p.source)).toBe(false);
    const html = readFileSync(at('run.html'), 'utf8');
    expect(html).toContain('<title>run-batt run: 007bbfb7</title>');
    expect(html).toContain(task.best.md5);
    const again = runCli(['report', at('run.json'), '-o', at('again.html')]);
    expect(again.code, again.stderr).toBe(0);
    expect(embedded(readFileSync(at('again.html'), 'utf8'))).toEqual(embedded(html));
    // Without -o: the report's name with .html.
    expect(runCli(['report', at('run.json')]).code).toBe(0);
    expect(existsSync(at('run.html'))).toBe(true);
  }, 60_000);

  it('an --html path that cannot be written is an input error before any work', () => {
    const store = at('never');
    const r = runCli(['--html', at('no/such/folder/x.html'), '-i', '007bbfb7', '-b', store]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/x\.html: --html: cannot write: ENOENT/);
    expect(existsSync(store)).toBe(false);
    const asDir = runCli(['check', 'solvers', '--html', dir]);
    expect(asDir.code).toBe(2);
    expect(asDir.stderr).toContain('--html: is a folder, not a file');
  });

  it('check --html draws every task with its solver', () => {
    const r = runCli(['check', 'solvers', '-q', '--html', at('check.html')]);
    expect(r.code, r.stderr).toBe(0);
    const data = embedded(readFileSync(at('check.html'), 'utf8'));
    const ids = Object.keys(data.tasks);
    expect(ids.length).toBeGreaterThanOrEqual(20);
    expect(data.tasks['007bbfb7'].programs[0]).toMatchObject({ label: 'solve_007bbfb7', md5: 'c90f4e7c217a82af75122c2f8b0fa85c', status: 'ok' });
  });

  it('search --html has the rounds and the tasks', () => {
    const r = runCli(['search', '-i', '007bbfb7', 'a416b8f3', '--generations', '1', '-n', '20', '--mode', 'sequential', '--out', at('search'), '--html', at('search.html'), '--json', at('search.json')]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(at('search.html'), 'utf8');
    expect(html).toContain('<svg class="chart rounds"');
    expect(html.match(/<g class="round"/g)).toHaveLength(2);
    expect(Object.keys(embedded(html).tasks)).toEqual(['007bbfb7', 'a416b8f3']);
    const json = JSON.parse(readFileSync(at('search.json'), 'utf8'));
    expect(json.rounds).toHaveLength(2);
    expect(json.tasks.every((t: { grids?: unknown }) => t.grids !== undefined)).toBe(true);
  }, 60_000);

  it('report refuses what is not a report, with exit 2', () => {
    writeFileSync(at('bad.json'), '{"tasks": [1,\n 2,, 3]}');
    const bad = runCli(['report', at('bad.json'), '-o', at('bad.html')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json: malformed JSON at line 2/);
    writeFileSync(at('other.json'), '{"hello": 1}');
    const other = runCli(['report', at('other.json'), '-o', at('other.html')]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('not a run-batt --json report');
    expect(runCli(['report', at('missing.json')]).code).toBe(2);
  });
});

describe('show', () => {
  it('draws the task as digits without colour', () => {
    const r = runCli(['show', '007bbfb7']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^007bbfb7 {2}tasks\/007bbfb7\.json/);
    expect(r.stdout).toMatch(/train 1\n {2}input 3x3 +expected 9x9\n {2}[0-9] [0-9] [0-9] /);
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stdout).not.toMatch(/[✓✗]/);
  });

  it('with FORCE_COLOR, draws cells as coloured backgrounds', () => {
    const r = runCli(['show', '007bbfb7'], undefined, { FORCE_COLOR: '1', COLORTERM: 'truecolor', NO_COLOR: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\x1b\[48;2;\d+;\d+;\d+m {2}/);
  });

  it('with a program, its outputs and ✓/✗ per pair', () => {
    const r = runCli(['show', '007bbfb7', '--program', 'solvers/solvers.py:solve_007bbfb7']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('program: solve_007bbfb7 (solvers/solvers.py:');
    expect(r.stdout).toMatch(/train 1 {2}✓\n {2}input 3x3 +expected 9x9 +output ✓ exact/);
    expect(r.stdout).toMatch(/(\d+) \/ \1 pairs exact/);
    writeFileSync(at('wrong.py'), 'def solve_007bbfb7(I):\n    O = vmirror(I)\n    return O\n');
    const wrong = runCli(['show', '007bbfb7', '--program', at('wrong.py')]);
    expect(wrong.code).toBe(0);
    expect(wrong.stdout).toMatch(/train 1 {2}✗/);
    expect(wrong.stdout).toMatch(/output ✗ shape 3x3/);
    expect(wrong.stdout).toContain('0 / ');
    const missing = runCli(['show', '007bbfb7', '--program', 'solvers/solvers.py:solve_nothing']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no solve_nothing in solvers/solvers.py');
  });

  it("with --store, the store's best program", () => {
    const store = at('show-store');
    expect(runCli(['-i', '007bbfb7', '-b', store, '-n', '30', '--mode', 'sequential', '-q']).code).toBe(0);
    const r = runCli(['show', '007bbfb7', '--store', store]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/program: best stored: score \d+, t_log \d+ \(.*solver_dir\/solve_007bbfb7\/\d+\/\d+\/[0-9a-f]{32}\.py\)/);
    expect(r.stdout).toMatch(/[✓✗]/);
    const none = runCli(['show', '1cf80156', '--store', store]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no stored program for 1cf80156');
  }, 60_000);

  it('an unknown task id is an input error', () => {
    const r = runCli(['show', '007bbfb8']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('007bbfb7');
  });
});

describe('bench exports', () => {
  it('--export-markdown and --export-github write the table and the action JSON', () => {
    const r = runCli(['bench', '--workload', 'small', '--runs', '1', '--export-markdown', at('bench.md'), '--export-github', at('bench-github.json')]);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(at('bench.md'), 'utf8').split('\n');
    expect(md[0]).toBe('| Workload | Mode | Mean [ms] | Min [ms] | Max [ms] | Relative |');
    expect(md.filter((l) => l.startsWith('| `small` |'))).toHaveLength(2);
    const gh = JSON.parse(readFileSync(at('bench-github.json'), 'utf8'));
    expect(gh.map((e: { name: string }) => e.name)).toEqual(['small sequential', 'small parallel']);
    for (const e of gh) expect(e).toMatchObject({ unit: 'ms', value: expect.any(Number), range: expect.stringMatching(/^± /) });
  }, 120_000);

  it('an unwritable export path fails before benchmarking', () => {
    const r = runCli(['bench', '--workload', 'small', '--export-github', at('no/such/x.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--export-github: cannot write');
    expect(r.stdout).not.toContain('bench small');
  });
});
