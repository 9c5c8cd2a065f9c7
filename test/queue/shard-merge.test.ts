// Shards (--shard K/N) cover every task exactly once; merge joins their reports and submissions.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { parseShard, selectShard } from '../../src/task/shard.js';
import { stopAll, tempDir } from './helpers.js';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

afterAll(async () => {
  await stopAll();
});

describe('shard selection', () => {
  it('the N shards of any id list are disjoint, cover it exactly once, differ in size by at most one, and ignore input order', () => {
    const ids = Array.from({ length: 37 }, (_, k) => `t${((k * 7919) % 1000).toString(36)}${k}`);
    for (const n of [1, 2, 3, 4, 7, 37, 40]) {
      const shards = Array.from({ length: n }, (_, k) => selectShard(ids, { k: k + 1, n }, (x) => x));
      const all = shards.flat();
      expect(all.length).toBe(ids.length);
      expect(new Set(all)).toEqual(new Set(ids));
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      const reversed = Array.from({ length: n }, (_, k) => selectShard([...ids].reverse(), { k: k + 1, n }, (x) => x));
      expect(reversed).toEqual(shards);
    }
  });

  it('parses K/N and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ k: 2, n: 4 });
    for (const bad of ['0/3', '4/3', '1/0', '2', 'a/b', '1/2/3', '-1/2']) expect(() => parseShard(bad), bad).toThrow(/--shard/);
  });
});

describe('--shard on the commands, and merge', () => {
  const work = tempDir();

  it('check --shard K/3 runs every task in exactly one shard; merge gives the unsharded report', () => {
    const full = path.join(work, 'check-full.json');
    expect(runCli(['check', 'solvers', '-q', '--json', full]).code).toBe(0);
    const files = [1, 2, 3].map((k) => path.join(work, `check-${k}.json`));
    files.forEach((f, k) => {
      const r = runCli(['check', 'solvers', '-q', '--shard', `${k + 1}/3`, '--json', f]);
      expect(r.code, r.stderr).toBe(0);
      expect(readJson(f).shard).toEqual({ k: k + 1, n: 3 });
    });
    const ids = files.flatMap((f) => readJson(f).tasks.map((t: { id: string }) => t.id));
    expect(ids.length).toBe(22);
    expect(new Set(ids).size).toBe(22);
    const merged = path.join(work, 'check-merged.json');
    const m = runCli(['merge', ...files, '-o', merged]);
    expect(m.code, m.stderr).toBe(0);
    const a = readJson(merged);
    const b = readJson(full);
    expect(a.tasks.map((t: { id: string; solved: boolean }) => [t.id, t.solved])).toEqual(b.tasks.map((t: { id: string; solved: boolean }) => [t.id, t.solved]));
    expect([a.solved, a.total]).toEqual([b.solved, b.total]);
    expect(a.incomplete).toBeUndefined();
    // The shards' CPU adds up, by thread too (where the platform gives it).
    const shards = files.map(readJson);
    expect(a.cpuMs).toBeCloseTo(shards.reduce((n: number, r: { cpuMs: number }) => n + r.cpuMs, 0), 2);
    if (process.platform === 'linux') expect(a.threadCpu.mainMs).toBeCloseTo(shards.reduce((n: number, r: { threadCpu: { mainMs: number } }) => n + r.threadCpu.mainMs, 0), 2);
    else expect(a.threadCpu).toBeNull();
    // A missing shard is named, and the merged report says it is incomplete.
    const part = runCli(['merge', files[0], files[2], '-o', path.join(work, 'check-part.json')]);
    expect(part.stderr).toMatch(/missing shard\(s\) 2\/3/);
    expect(readJson(path.join(work, 'check-part.json')).incomplete).toBe(true);
  });

  it('run --shard 1/2 and 2/2, merged, equal the whole run (tasks, submission)', () => {
    const batt = path.join(work, 'batt');
    const whole = path.join(work, 'run-whole.json');
    const r = runCli(['run', '-b', batt, '-n', '60', '--out', path.join(work, 's0'), '--json', whole, '--submission', path.join(work, 'sub-whole.json'), '-q', '--mode', 'sequential']);
    expect(r.code, r.stderr).toBe(0);
    for (const k of [1, 2]) {
      const s = runCli(['run', '-b', batt, '--shard', `${k}/2`, '--out', path.join(work, `s${k}`), '--json', path.join(work, `run-${k}.json`), '--submission', path.join(work, `sub-${k}.json`), '-q', '--mode', 'sequential']);
      expect(s.code, s.stderr).toBe(0);
      expect(s.stderr).toMatch(/note: shard \d\/2: 11 task\(s\)/);
    }
    const m = runCli(['merge', path.join(work, 'run-1.json'), path.join(work, 'run-2.json'), path.join(work, 'sub-1.json'), path.join(work, 'sub-2.json'), '-o', path.join(work, 'run-merged.json'), '--submission', path.join(work, 'sub-merged.json')]);
    expect(m.code, m.stderr).toBe(0);
    const merged = readJson(path.join(work, 'run-merged.json'));
    const ref = readJson(whole);
    const essentials = (ts: { id: string; candidates: number; unique: number; statuses: object; best: { score: number } | null }[]) => ts.map((t) => [t.id, t.candidates, t.unique, t.statuses, t.best?.score ?? null]);
    expect(essentials(merged.tasks)).toEqual(essentials(ref.tasks));
    expect(merged.phases.map((p: { name: string }) => p.name)).toEqual(ref.phases.map((p: { name: string }) => p.name));
    expect(merged.merged.shards).toHaveLength(2);
    const parts = [1, 2].map((k) => readJson(path.join(work, `run-${k}.json`)));
    if (process.platform === 'linux') expect(merged.threadCpu.otherMs).toBeCloseTo(parts[0].threadCpu.otherMs + parts[1].threadCpu.otherMs, 2);
    // The merged submission is the two shards' entries, every task once (the attempts themselves
    // rank programs by measured speed, so they are compared with the shards', not the whole run's).
    const sub = readJson(path.join(work, 'sub-merged.json'));
    expect(sub).toEqual({ ...readJson(path.join(work, 'sub-1.json')), ...readJson(path.join(work, 'sub-2.json')) });
    expect(Object.keys(sub).sort()).toEqual(Object.keys(readJson(path.join(work, 'sub-whole.json'))).sort());
  });

  it('merge refuses overlapping shards, mixed kinds and files that are not reports, with exit 2', () => {
    const a = path.join(work, 'o1.json');
    writeFileSync(a, JSON.stringify({ tasks: [{ id: 'x', solved: true }], solved: 1, total: 1, wallMs: 1 }));
    const overlap = runCli(['merge', a, a]);
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toMatch(/task x is in both .*o1\.json and .*o1\.json: the shards overlap/);
    const sub = path.join(work, 'o2.json');
    writeFileSync(sub, JSON.stringify({ y: [{ attempt_1: [[1]], attempt_2: [[1]] }] }));
    expect(runCli(['merge', a, sub]).stderr).toMatch(/give --submission FILE/);
    const junk = path.join(work, 'o3.json');
    writeFileSync(junk, '[1, 2]');
    const j = runCli(['merge', junk]);
    expect(j.code).toBe(2);
    expect(j.stderr).toMatch(/o3\.json: not a run-batt report or submission/);
  });
});
