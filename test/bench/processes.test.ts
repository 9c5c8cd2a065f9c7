import { describe, expect, it } from 'vitest';
import { binShebang, parseShebang, processCommands, runArgs, sumRunCpu } from '../../src/bench/processes.js';
import type { Workload } from '../../src/bench/workloads.js';
import type { Battery } from '../../src/pipeline/run.js';
import type { Task } from '../../src/task/load.js';

const task = (id: string) => ({ id }) as unknown as Task;
const battery = () => ({ programs: [], graph: {} }) as unknown as Battery;

describe('bench as processes: the commands', () => {
  it('runs the tasks that share a battery in one process, in task order, and one process per other battery', () => {
    const shared = battery(), own = battery();
    const w = {
      name: 'w',
      tasks: [task('a'), task('b'), task('c')],
      batteries: new Map([['a', shared], ['b', own], ['c', shared]]),
      sources: new Map([[shared, { text: 'def solve_a(I):\n    O = I\n    return O\n' }], [own, { dir: '/lib' }]]),
      data: '/tasks',
    } as unknown as Workload;
    const cmds = processCommands(w);
    expect(cmds.map((c) => c.ids)).toEqual([['a', 'c'], ['b']]);
    expect(cmds[1].battery).toEqual({ dir: '/lib' });
  });

  it('refuses a workload whose battery has no source', () => {
    const b = battery();
    const w = { name: 'w', tasks: [task('a')], batteries: new Map([['a', b]]), sources: new Map(), data: '/t' } as unknown as Workload;
    expect(() => processCommands(w)).toThrow(/no source for the battery of a/);
  });

  it("starts the run as the bin does, with its shebang's environment and flags", () => {
    const line = '#!/usr/bin/env -S RUN_BATT_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} NODE_EXTRA_CA_CERTS= node --max-semi-space-size=21';
    expect(parseShebang(line, { NODE_EXTRA_CA_CERTS: '/etc/ca.pem' })).toEqual({ env: { RUN_BATT_EXTRA_CA_CERTS: '/etc/ca.pem', NODE_EXTRA_CA_CERTS: '' }, flags: ['--max-semi-space-size=21'] });
    expect(parseShebang(line, {}).env).toEqual({ RUN_BATT_EXTRA_CA_CERTS: '', NODE_EXTRA_CA_CERTS: '' });
    expect(parseShebang('#!/usr/bin/env -S node --max-semi-space-size=21', {})).toEqual({ env: {}, flags: ['--max-semi-space-size=21'] });
    expect(parseShebang('#!/usr/bin/env node', {})).toEqual({ env: {}, flags: [] });
    expect(parseShebang('// no shebang', {})).toEqual({ env: {}, flags: [] });
  });

  it("is the bin's own shebang that parses so", () => {
    const { env, flags } = binShebang({ NODE_EXTRA_CA_CERTS: '/x.pem' });
    expect(env).toEqual({ RUN_BATT_EXTRA_CA_CERTS: '/x.pem', NODE_EXTRA_CA_CERTS: '' });
    expect(flags).toContain('--max-semi-space-size=21');
  });

  it('names the tasks, battery, data, store, mode, workers and time limit, bypassing the validation cache', () => {
    const args = runArgs({ ids: ['a', 'c'], battery: { text: '' } }, '/b', '/tasks', '/out', 'auto', 1500, 2);
    expect(args).toEqual(['run', '-i', 'a', 'c', '-b', '/b', '--data', '/tasks', '--out', '/out', '--no-cache', '-q', '--mode', 'auto', '-w', '2', '-t', '1.5']);
  });

  it("adds the CPU of a run's processes, by thread only when every process gave it", () => {
    const a = { cpuMs: 100, threadCpu: { mainMs: 10, workersMs: 70, workers: 2, otherMs: 15 } };
    const b = { cpuMs: 50, threadCpu: { mainMs: 40, workersMs: 0, workers: 0, otherMs: 9 } };
    expect(sumRunCpu([a, b])).toEqual({ cpuMs: 150, threadCpu: { mainMs: 50, workersMs: 70, workers: 2, otherMs: 24 } });
    expect(sumRunCpu([a, { cpuMs: 5, threadCpu: null }])).toEqual({ cpuMs: 105, threadCpu: null });
  });
});
