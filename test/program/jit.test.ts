// When V8's flags change: the programs' inlining budget is set once, by the first work that runs
// programs, and the entry point sets its start-up flags back, so Node's code cache stays valid.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BIN, tempFolder } from '../helpers/cli.js';
import { sharedPath } from '../helpers/shared.js';
import { binShebang } from '../../src/bench/processes.js';

/** The V8 flags of the bin's shebang (what `./bin/run-batt.js` starts Node with). */
const SHEBANG_FLAGS = binShebang({}).flags;
const solvers = sharedPath('arc-dsl', 'solvers.py');
const training = sharedPath('arc', 'arc-agi-1', 'training');

const setFlags = vi.hoisted(() => vi.fn());
vi.mock('node:v8', async (original) => ({ ...(await original<typeof import('node:v8')>()), setFlagsFromString: setFlags }));

afterEach(() => {
  setFlags.mockClear();
  vi.resetModules();
  delete process.env.RUN_BATT_V8_DEFAULTS;
});

describe("the programs' inlining and interrupt budgets", () => {
  it('is set by the first job that runs programs, once, and not by a worker warm-up', async () => {
    const { handleJob } = await import('../../src/jobs/index.js');
    handleJob({ kind: 'warm' });
    expect(setFlags).not.toHaveBeenCalled();
    handleJob({ kind: 'inline', programs: [] });
    handleJob({ kind: 'inline', programs: [] });
    expect(setFlags.mock.calls).toEqual([['--max-inlined-bytecode-size-cumulative=200 --interrupt-budget=270336']]);
  });

  it('is set before a check runs its programs', async () => {
    const { runCheck } = await import('../../src/pipeline/check.js');
    runCheck({ runs: [], missing: [], shadowed: [] }, { timeoutMs: 1000 });
    expect(setFlags.mock.calls).toEqual([['--max-inlined-bytecode-size-cumulative=200 --interrupt-budget=270336']]);
  });

  it("is left at V8's default with RUN_BATT_V8_DEFAULTS=1", async () => {
    process.env.RUN_BATT_V8_DEFAULTS = '1';
    const { handleJob } = await import('../../src/jobs/index.js');
    handleJob({ kind: 'inline', programs: [] });
    expect(setFlags).not.toHaveBeenCalled();
  });
});

describe('bin/run-batt.js', () => {
  it("sets the shebang's V8 flags back to V8's defaults, so Node's code cache is used", () => {
    // v8.cachedDataVersionTag() hashes V8's version and its flags: what a code cache is checked against.
    const dir = tempFolder({ 'tag.cjs': "process.on('exit', () => require('fs').writeSync(2, 'TAG ' + require('v8').cachedDataVersionTag() + '\\n'));\n" });
    const tagAtExit = (args: string[]): string => {
      const r = spawnSync(process.execPath, [args[0], '-r', path.join(dir, 'tag.cjs'), ...args.slice(1)].filter(Boolean), { encoding: 'utf8' });
      return /TAG (\d+)/.exec(r.stderr)?.[1] ?? `no tag: ${r.stderr}`;
    };
    const defaults = tagAtExit(['', '-e', '0']);
    expect(SHEBANG_FLAGS).toEqual(['--max-semi-space-size=21', '--initial-old-space-size=64']);
    for (const flag of SHEBANG_FLAGS) expect(tagAtExit([flag, '-e', '0']), flag).not.toBe(defaults); // each flag does change the tag
    expect(tagAtExit([...SHEBANG_FLAGS, BIN, '--version'])).toBe(defaults);
  });

  it('keeps the young generation the shebang asked for (64 MB) after setting the flag back', () => {
    // At exit (after the entry point ran), churn through short-lived arrays and read the new space's size.
    const dir = tempFolder({
      'young.cjs':
        "process.on('exit', () => { let keep = []; for (let i = 0; i < 3e6; i++) { keep.push([i, i]); if (keep.length > 200000) keep = []; }\n" +
        "  const ns = require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');\n" +
        "  require('fs').writeSync(2, 'NEW ' + Math.round(ns.space_size / 1048576) + '\\n'); });\n",
    });
    const newSpace = (args: string[]): number => Number(/NEW (\d+)/.exec(spawnSync(process.execPath, [...args.slice(0, -2), '-r', path.join(dir, 'young.cjs'), ...args.slice(-2)], { encoding: 'utf8' }).stderr)?.[1]);
    expect(newSpace([...SHEBANG_FLAGS, BIN, '--version'])).toBe(64);
    expect(newSpace([BIN, '--version'])).toBeLessThan(64); // V8's default is smaller: the flag is what makes it 64
  });

  it("is started with the shebang's flags by npm start and npm run bench too", () => {
    const { scripts } = JSON.parse(readFileSync(path.join(path.dirname(BIN), '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const name of ['start', 'bench']) expect(scripts[name], name).toContain(`node ${SHEBANG_FLAGS.join(' ')} bin/run-batt.js`);
  });

  it.skipIf(!solvers || !training)("lets the old generation reach 64 MB before V8's first full collection: a check of arc-dsl's 400 solvers runs none", () => {
    // Left to itself, V8 lowers the first limit from what the early scavenges keep (about 26 MB
    // here) and the check marks and compacts once, shortly before it exits.
    const markCompacts = (flags: string[]): number => {
      const r = spawnSync(process.execPath, [...flags, '--trace-gc', BIN, 'check', solvers!, '--data', training!, '-q'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      expect(r.status, r.stderr).toBe(0);
      return (r.stdout.match(/Mark-Compact/g) ?? []).length;
    };
    expect(markCompacts(SHEBANG_FLAGS)).toBe(0);
    expect(markCompacts(SHEBANG_FLAGS.filter((f) => !f.startsWith('--initial-old-space-size')))).toBeGreaterThan(0);
  });
});
