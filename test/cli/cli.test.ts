// End-to-end: the built CLI as a user runs it (npm install builds dist/ via `prepare`).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, sharedPath } from '../helpers/shared.js';

const BIN = path.join(REPO_ROOT, 'bin', 'run-batt.js');

function run(args: string[], cwd = REPO_ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // Tests run against the sources' current build.
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', REPO_ROOT], { stdio: 'inherit' });
}, 120_000);

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

  const arc1 = sharedPath('arc', 'arc-agi-1', 'training');
  it.skipIf(!arc1)('runs the library on the real ARC-AGI-1 training tasks', () => {
    const r = run(['check', 'solvers', '--data', arc1!, '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/solved (\d+) \/ \1/);
  });
});

describe('run-batt primitives', () => {
  it('lists the registry', () => {
    const r = run(['primitives', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(160);
  });
});
