// Bench exports (Markdown, GitHub benchmark action JSON) and the CI workflow that uses them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { benchGithub, benchMarkdown } from '../../src/bench/export.js';
import { summarise } from '../../src/bench/stats.js';
import type { BenchReport } from '../../src/bench/compare.js';
import { REPO_ROOT } from '../helpers/shared.js';

function mode(name: 'sequential' | 'parallel', workers: number, samples: number[]) {
  return { mode: name, workers, wall: summarise(samples), cpu: summarise(samples), candidatesPerSec: 1, evaluationsPerSec: 1, outliers: 0, medianPhases: [], samples };
}

const report = {
  version: 1,
  date: '2026-12-01T00:00:00Z',
  machine: { cpus: 2, model: 'test', node: 'v20' },
  workloads: [
    { workload: 'large', description: '', tasks: 3, candidates: 3600, sequential: mode('sequential', 1, [200, 210, 220]), parallel: mode('parallel', 2, [100, 100, 100]), speedup: 2.1, efficiency: 1.05, warnings: [] },
  ],
  skipped: [],
} as unknown as BenchReport;

describe('--export-markdown', () => {
  it('is a hyperfine-like table: workload, mode, mean ± σ, min, max, relative to the faster mode', () => {
    const md = benchMarkdown(report).trim().split('\n');
    expect(md[0]).toBe('| Workload | Mode | Mean [ms] | Min [ms] | Max [ms] | Relative |');
    expect(md[1]).toBe('|:---|:---|---:|---:|---:|---:|');
    expect(md[2]).toBe('| `large` | sequential | 210.0 ± 10.0 | 200.0 | 220.0 | 2.10 ± 0.10 |');
    expect(md[3]).toBe('| `large` | parallel (2 workers) | 100.0 ± 0.0 | 100.0 | 100.0 | 1.00 |');
  });
});

describe('--export-github', () => {
  it('is the customSmallerIsBetter array: name, unit, value (the median), range', () => {
    const entries = benchGithub(report);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ name: 'large sequential', unit: 'ms', value: 210, range: expect.stringMatching(/^± \d+\.\d{3}$/) });
    expect(entries[1]).toMatchObject({ name: 'large parallel', unit: 'ms', value: 100, range: '± 0.000' });
    for (const e of entries) expect(typeof e.value).toBe('number');
  });
});

describe('.github/workflows/bench.yml', () => {
  const workflow = parse(readFileSync(path.join(REPO_ROOT, '.github', 'workflows', 'bench.yml'), 'utf8'));
  const steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] = workflow.jobs.bench.steps;
  const runs = steps.map((s) => s.run ?? '').join('\n');

  it('is valid YAML that runs on every push', () => {
    expect(workflow.name).toBe('bench');
    expect(workflow.on).toHaveProperty('push');
    expect(workflow.jobs.bench['runs-on']).toBeTruthy();
  });

  it("runs the README's bench commands, with the regression gate", () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Benchmarks in CI'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1];
    const commands = block.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const c of commands) expect(runs).toContain(c);
    expect(runs).toMatch(/--baseline \S+/);
    expect(runs).toContain('--export-github bench-github.json');
  });

  it('feeds the export to the GitHub benchmark action', () => {
    const action = steps.find((s) => s.uses?.startsWith('benchmark-action/github-action-benchmark@'));
    expect(action?.with).toMatchObject({ tool: 'customSmallerIsBetter', 'output-file-path': 'bench-github.json' });
  });
});
