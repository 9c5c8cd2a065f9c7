// Queued runs on a private redis-server: equal to local runs, a worker killed
// mid-run, bad data, Redis down, Ctrl-C on the submitter, two submitters.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { sharedPath } from '../helpers/shared.js';
import { HAVE_REDIS, clearWorkerSlots, freePort, startRedis, startRunBatt, startWorker, stopAll, tempDir, waitFor, type RedisServer } from './helpers.js';

interface TaskJson {
  id: string;
  candidates: number;
  unique: number;
  statuses: Record<string, number>;
  best: { score: number } | null;
  error?: string;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
/** What must agree between a local and a queued run of one battery (the speed bucket may not: it is measured). */
const essentials = (tasks: TaskJson[]) => tasks.map((t) => ({ id: t.id, candidates: t.candidates, unique: t.unique, statuses: t.statuses, best: t.best?.score ?? null, error: t.error }));
const stored = (dir: string) => (existsSync(path.join(dir, 'solver_md5')) ? readdirSync(path.join(dir, 'solver_md5')).sort() : []);

describe.skipIf(!HAVE_REDIS)('queued runs (private redis-server)', () => {
  let redis: RedisServer;
  let work: string;
  let battery: string;
  let local: { json: string; store: string };

  beforeAll(async () => {
    redis = await startRedis();
    work = tempDir();
    battery = path.join(work, 'batt');
    local = { json: path.join(work, 'local.json'), store: path.join(work, 'store-local') };
    // The reference: a local run, which also generates the battery (120 candidates per task).
    const r = runCli(['run', '-b', battery, '-n', '120', '--out', local.store, '--json', local.json, '--submission', path.join(work, 'local-sub.json'), '-q', '--mode', 'sequential']);
    expect(r.code, r.stderr).toBe(0);
  });

  afterEach(async () => {
    // Workers of one test never serve the next, nor count in its job slots; the Redis server stays for the suite.
    const keep = redis;
    await stopAllBut(keep);
    await clearWorkerSlots(keep.url);
  });

  afterAll(async () => {
    await stopAll();
  });

  it('a queued run reports, stores and submits what a local run does', async () => {
    await startWorker(redis.url, ['--concurrency', '2']);
    const json = path.join(work, 'queued.json');
    const store = path.join(work, 'store-queued');
    const sub = path.join(work, 'queued-sub.json');
    const r = runCli(['run', '--queue', redis.url, '-b', battery, '--out', store, '--json', json, '--submission', sub, '--timing']);
    expect(r.code, r.stderr).toBe(0);
    const q = readJson(json);
    const l = readJson(local.json);
    expect(q.tasks).toHaveLength(22);
    expect(essentials(q.tasks)).toEqual(essentials(l.tasks));
    expect(q.mode).toBe('queue');
    expect(q.queue.failed).toBe(0);
    // The programs the workers found are filed in the submitter's store, the same ones.
    expect(stored(store).length).toBeGreaterThan(0);
    expect(stored(store)).toEqual(stored(local.store));
    expect(Object.keys(readJson(sub)).sort()).toEqual(Object.keys(readJson(path.join(work, 'local-sub.json'))).sort());
    expect(r.stdout).toMatch(/│ score samples │/);
    expect(r.stdout).toMatch(/22 task\(s\), queue redis:\/\/127\.0\.0\.1:\d+ with 1 worker\(s\)/);
  });

  it('a worker killed with SIGKILL mid-run loses nothing: its job restarts on another worker, every task agrees with a local run, /metrics lists run_batt_ series', async () => {
    // 40 real tasks when ../shared is there, else the 22 shipped ones.
    const arc = sharedPath('arc', 'arc-agi-1', 'training');
    const data = arc ? ['--data', arc, '-c', '40'] : [];
    const n = arc ? 40 : 22;
    const batt = path.join(work, 'batt-death');
    const ref = path.join(work, 'death-local.json');
    const l = runCli(['run', ...data, '-b', batt, '-n', '200', '--out', path.join(work, 'death-store-l'), '--json', ref, '-q', '--mode', 'sequential']);
    expect(l.code, l.stderr).toBe(0);

    const a = await startWorker(redis.url);
    const b = await startWorker(redis.url, ['--metrics-port', '0']);
    const json = path.join(work, 'death-queued.json');
    const submit = startRunBatt(['run', '--queue', redis.url, ...data, '-b', batt, '--out', path.join(work, 'death-store-q'), '--json', json, '-q']);
    // Kill A while it holds a job: right after it starts its second one.
    await waitFor(a, /done [^\n]*\n(?:[^\n]*\n)*?[^\n]*start (\S+) \(job/, 60_000);
    a.child.kill('SIGKILL');
    const killedAt = Date.now();
    await a.exited;
    const lines = a.output().trim().split('\n');
    const held = /start (\S+) \(job/.exec(lines[lines.length - 1])?.[1];
    await startWorker(redis.url); // another one joins
    const { code } = await submit.exited;
    expect(code, submit.output()).toBe(0);
    const q = readJson(json);
    expect(q.tasks).toHaveLength(n);
    expect(essentials(q.tasks)).toEqual(essentials(readJson(ref).tasks));
    if (held !== undefined) {
      // The job A held was started again elsewhere, within seconds of the kill.
      expect(q.queue.retries).toBeGreaterThanOrEqual(1);
      expect(Date.now() - killedAt).toBeLessThan(60_000);
    }
    const port = Number(/metrics on http:\/\/localhost:(\d+)\/metrics/.exec(b.output())![1]);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^run_batt_tasks_total\{outcome="done"\} [1-9]/m);
    expect(metrics).toMatch(/^run_batt_phase_duration_seconds_bucket\{le="[^"]+",phase="score samples"\} /m);
    expect(metrics).toMatch(/^run_batt_pool_utilisation /m);
  }, 120_000);

  it('bad task data fails its job at once (no retries) and is reported as that task\'s error; the other tasks run', async () => {
    await startWorker(redis.url);
    const { QueueRunner } = await import('../../dist/queue/submit.js');
    const { loadTasks } = await import('../../dist/task/load.js');
    const { loadBattery } = await import('../../dist/pipeline/battery.js');
    const { fileSources } = await import('../../dist/queue/runner.js');
    const runner = await QueueRunner.connect(redis.url);
    try {
      const tasks = (await loadTasks(path.join(process.cwd(), 'tasks'))).tasks.slice(0, 2);
      const bad = { ...tasks[0], id: 'bad', train: [{ input: [[12]], output: [[1]] }] };
      const { battery: b, files } = await loadBattery(undefined, path.join(process.cwd(), 'solvers'));
      const input = { battery: b, sources: fileSources(files) };
      const store = tempDir();
      const seen: string[] = [];
      const out = await runner.run([{ task: bad, battery: input }, { task: tasks[1], battery: input }], { timeoutMs: 1000, keep: 32, attempts: false, outDir: store }, (r: { id: string }) => seen.push(r.id));
      expect(out.interrupted).toBe(false);
      expect(out.reports.map((r: TaskJson) => r.id)).toEqual(['bad', tasks[1].id]);
      expect(out.reports[0].error).toMatch(/bad task data: task bad: train\[0\]\.input: cell \[0\]\[0\] is 12.*\(after 1 attempt\(s\)\)/);
      expect(out.reports[1].error).toBeUndefined();
      expect(out.reports[1].best.score).toBeGreaterThan(0);
      expect(seen.sort()).toEqual(['bad', tasks[1].id].sort());
      expect(runner.retries).toBe(0);
    } finally {
      await runner.close();
    }
  });

  it('Ctrl-C on the submitter removes its queued jobs, writes the partial report, exits 130', async () => {
    const w = await startWorker(redis.url);
    const json = path.join(work, 'int.json');
    const submit = startRunBatt(['run', '--queue', redis.url, '-b', battery, '--out', path.join(work, 'store-int'), '--json', json]);
    await waitFor(submit, /solved\s+\S+[^\n]*\n[^\n]*solved\s+\S+/, 30_000); // two tasks done
    submit.child.kill('SIGINT');
    const { code } = await submit.exited;
    expect(code, submit.output()).toBe(130);
    expect(submit.stderr()).toMatch(/queue: removed \d+ queued job\(s\)/);
    const r = readJson(json);
    expect(r.incomplete).toBe(true);
    expect(r.tasks.length).toBeGreaterThanOrEqual(2);
    expect(r.tasks.length).toBeLessThan(22);
    // Nothing of that run is left waiting, and its battery is gone from Redis.
    const { Queue } = await import('bullmq');
    const { Redis } = await import('ioredis');
    const queue = new Queue('run-batt', { connection: { host: '127.0.0.1', port: redis.port } });
    const client = new Redis({ host: '127.0.0.1', port: redis.port });
    try {
      expect((await queue.getJobCounts('waiting')).waiting).toBe(0);
      expect(await client.keys('run-batt:run-batt:battery:*')).toEqual([]);
    } finally {
      await queue.close();
      client.disconnect();
    }
    // The removed jobs never run: the worker finishes what it held, then idles.
    const removed = Number(/queue: removed (\d+) queued job/.exec(submit.stderr())![1]);
    expect(removed).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Only this run's jobs count (ids <run>.<index>): the queue is shared with the earlier tests.
    const run = /\(run (\S+)\)/.exec(submit.stderr())![1];
    // Jobs, not start lines: a job whose worker lost its lock under load (stalled) is started again, and logged again.
    // ('start <task> (job <id>)', and for such a job 'retry <task> (job <id>, start 2...)'.)
    const lines = w.output().split('\n').filter((line) => /^(.*\s)?(start|retry) /.test(line) && line.includes(`(job ${run}.`));
    const started = new Set(lines.map((line) => /\(job ([^,)]+)/.exec(line)![1]));
    expect(started.size, lines.join('\n')).toBeGreaterThanOrEqual(2); // the two tasks done before Ctrl-C
    expect(started.size, lines.join('\n')).toBeLessThanOrEqual(22 - removed);
  });

  it('two submitters on one queue at once get only their own results', async () => {
    await startWorker(redis.url, ['--concurrency', '2']);
    const small = path.join(work, 'batt-small');
    const refSmall = path.join(work, 'small-local.json');
    expect(runCli(['run', '-b', small, '-n', '40', '--seed', '7', '--out', path.join(work, 'small-l'), '--json', refSmall, '-q', '--mode', 'sequential']).code).toBe(0);
    const j1 = path.join(work, 'two-1.json');
    const j2 = path.join(work, 'two-2.json');
    const s1 = startRunBatt(['run', '--queue', redis.url, '-b', battery, '--out', path.join(work, 'two-s1'), '--json', j1, '-q']);
    const s2 = startRunBatt(['run', '--queue', redis.url, '-b', small, '--out', path.join(work, 'two-s2'), '--json', j2, '-q']);
    const [e1, e2] = await Promise.all([s1.exited, s2.exited]);
    expect(e1.code, s1.output()).toBe(0);
    expect(e2.code, s2.output()).toBe(0);
    expect(essentials(readJson(j1).tasks)).toEqual(essentials(readJson(local.json).tasks));
    expect(essentials(readJson(j2).tasks)).toEqual(essentials(readJson(refSmall).tasks));
    expect(readJson(j1).tasks.every((t: TaskJson) => t.candidates === 120)).toBe(true);
    expect(readJson(j2).tasks.every((t: TaskJson) => t.candidates === 40)).toBe(true);
  });

  it('Redis lost mid-run: the run stops with the reason and the tasks done so far, and closes', async () => {
    const own = await startRedis(); // this test kills its Redis
    await startWorker(own.url);
    const { QueueRunner } = await import('../../dist/queue/submit.js');
    const { loadTasks } = await import('../../dist/task/load.js');
    const { loadBattery } = await import('../../dist/pipeline/battery.js');
    const { fileSources } = await import('../../dist/queue/runner.js');
    const runner = await QueueRunner.connect(own.url, { lostAfterMs: 1500, pollMs: 300 });
    const tasks = (await loadTasks(path.join(process.cwd(), 'tasks'))).tasks;
    const { battery: b, files } = await loadBattery(battery, path.join(process.cwd(), 'solvers'));
    const input = { battery: b, sources: fileSources(files) };
    let first = true;
    const out = await runner.run(tasks.map((task: unknown) => ({ task, battery: input })), { timeoutMs: 1000, keep: 32, attempts: false, outDir: tempDir() }, () => {
      if (first) own.proc.child.kill('SIGKILL');
      first = false;
    });
    expect(out.lost).toMatch(new RegExp(`lost the connection to Redis at redis://127\\.0\\.0\\.1:${own.port}`));
    expect(out.interrupted).toBe(true);
    expect(out.reports.length).toBeGreaterThanOrEqual(1);
    expect(out.reports.length).toBeLessThan(22);
    const t0 = Date.now();
    await runner.close();
    expect(Date.now() - t0).toBeLessThan(10_000);
  }, 60_000);

  it('search --queue finds what a local search does, its jobs on the workers; a worker killed mid-search loses nothing', async () => {
    // One mutation round: its candidates depend only on the seed (later rounds weigh parents by measured cost).
    // 100 real tasks when ../shared is there (batches long enough to be caught running), else the 22 shipped ones.
    const arc = sharedPath('arc', 'arc-agi-1', 'training');
    const n = arc ? 100 : 22;
    const args = ['search', '--generations', '1', '-n', '300', '--seed', '5', ...(arc ? ['--data', arc, '-c', String(n)] : [])];
    const localJson = path.join(work, 'search-local.json');
    const l = runCli([...args, '--out', path.join(work, 'search-l'), '--json', localJson, '-q', '--mode', 'sequential']);
    expect(l.code, l.stderr).toBe(0);

    // A alone takes the first jobs; it is killed as it starts a mutants' batch, and B joins.
    const a = await startWorker(redis.url, ['--concurrency', '2', '--verbose']);
    const json = path.join(work, 'search-queued.json');
    const submit = startRunBatt([...args, '--queue', redis.url, '--out', path.join(work, 'search-q'), '--json', json, '--submission', path.join(work, 'search-q-sub.json')]);
    await waitFor(submit, /queue: search jobs go to redis:\/\/127\.0\.0\.1:\d+ \(2 job slot\(s\) registered\)/, 30_000);
    await waitFor(submit, /^library: /m, 60_000);
    // The first batch of round 1 that A starts (100-300 ms of work on 100 tasks).
    const mark = a.output().length;
    const deadline = Date.now() + 30_000;
    while (!/start cross job/.test(a.output().slice(mark)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    a.child.kill('SIGKILL');
    await a.exited;
    // The jobs A had started and not finished when it died.
    const started = [...a.output().matchAll(/start \w+ job (\S+)/g)].map((m) => m[1]);
    const finished = new Set([...a.output().matchAll(/done \w+ job (\S+)/g)].map((m) => m[1]));
    const held = started.filter((id) => !finished.has(id));
    await startWorker(redis.url, ['--concurrency', '2']);
    const { code } = await submit.exited;
    expect(code, submit.output()).toBe(0);

    const ess = (j: { solved: string[]; librarySolved: string[]; rounds: { round: number; candidates: number; runs: number; solved: number }[]; tasks: { id: string; best: { score: number } | null; solved: boolean; demoBest: number }[] }) => ({
      solved: j.solved,
      librarySolved: j.librarySolved,
      rounds: j.rounds.map((r) => [r.round, r.candidates, r.runs, r.solved]),
      tasks: j.tasks.map((t) => [t.id, t.best?.score ?? null, t.solved, t.demoBest]),
    });
    const q = readJson(json);
    expect(ess(q)).toEqual(ess(readJson(localJson)));
    expect(q.rounds.map((r: { candidates: number }) => r.candidates)).toEqual([22, expect.any(Number)]); // the library, then its mutants
    expect(q.mode).toBe('queue');
    // The jobs A held were started again on B (within the lock time): at least those it had said it
    // started, at most its 2 slots (it may have taken one it had not yet logged); none failed for good.
    expect(q.queue.retries).toBeGreaterThanOrEqual(held.length);
    expect(q.queue.retries).toBeLessThanOrEqual(2);
    expect(q.queue.failed).toBe(0);
    expect(q.workers).toBeGreaterThanOrEqual(1);
    if (arc) expect(held.length).toBeGreaterThanOrEqual(1);
    expect(submit.output()).toMatch(new RegExp(`${n} task\\(s\\), queue redis://127\\.0\\.0\\.1:\\d+ with \\d worker\\(s\\), ${q.queue.retries} job\\(s\\) retried`));
    expect(Object.keys(readJson(path.join(work, 'search-q-sub.json')))).toHaveLength(n);
  }, 120_000);

  it('Ctrl-C on search --queue: exit 130, the report marked incomplete, no job of the run left waiting', async () => {
    await startWorker(redis.url);
    const out = path.join(work, 'search-int');
    const json = path.join(work, 'search-int.json');
    const submit = startRunBatt(['search', '--queue', redis.url, '-n', '400', '--generations', '100000', '--out', out, '--json', json]);
    await waitFor(submit, /^round 1:/m, 60_000);
    submit.child.kill('SIGINT');
    const { code } = await submit.exited;
    expect(code, submit.output()).toBe(130);
    const j = readJson(json);
    expect(j.incomplete).toBe(true);
    expect(j.librarySolved).toHaveLength(22);
    const { Queue } = await import('bullmq');
    const queue = new Queue('run-batt', { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      expect(await queue.getWaitingCount()).toBe(0);
    } finally {
      await queue.close();
    }
  }, 90_000);

  it('Redis lost mid-search --queue: after 30 s without an answer, exit 1 with the reason, the rounds done reported', async () => {
    const own = await startRedis(); // this test kills its Redis
    await startWorker(own.url, ['--concurrency', '2']);
    const json = path.join(work, 'search-lost.json');
    const submit = startRunBatt(['search', '--queue', own.url, '-n', '400', '--generations', '100000', '--out', path.join(work, 'search-lost'), '--json', json]);
    await waitFor(submit, /^round 1:/m, 60_000);
    own.proc.child.kill('SIGKILL');
    const { code } = await submit.exited;
    expect(code, submit.output()).toBe(1);
    expect(submit.stderr()).toMatch(new RegExp(`^run-batt: lost the connection to Redis at redis://127\\.0\\.0\\.1:${own.port}: .*the rounds done so far are reported`, 'm'));
    expect(submit.stderr()).not.toMatch(/^\s+at /m); // no stack: not a crash
    const j = readJson(json);
    expect(j.incomplete).toBe(true);
    expect(j.error).toMatch(/lost the connection to Redis/);
    expect(j.rounds.length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('QueueExecutor: Redis lost with jobs outstanding: told once, the jobs end as interrupted, it closes', async () => {
    const own = await startRedis(); // this test kills its Redis
    const { QueueExecutor } = await import('../../dist/queue/executor.js');
    const lost: string[] = [];
    const executor = await QueueExecutor.connect(own.url, { lostAfterMs: 1500, pollMs: 300, onLost: (why: string) => lost.push(why) });
    await executor.start();
    // No worker: the job waits on the queue until Redis goes.
    const pending = executor.run([{ kind: 'warm' }]);
    pending.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    own.proc.child.kill('SIGKILL');
    await expect(pending).rejects.toMatchObject({ name: 'Interrupted' });
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(new RegExp(`lost the connection to Redis at redis://127\\.0\\.0\\.1:${own.port}`));
    const t0 = Date.now();
    await executor.close();
    expect(Date.now() - t0).toBeLessThan(10_000);
  }, 60_000);

  it('search --queue with Redis unreachable: exit 2 naming the URL, before any work', async () => {
    const port = await freePort();
    const r = runCli(['search', '--queue', `redis://127.0.0.1:${port}`, '--out', path.join(work, 'search-down'), '--json', path.join(work, 'search-down.json')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^run-batt: cannot reach Redis at redis://127\\.0\\.0\\.1:${port}: ECONNREFUSED`, 'm'));
    expect(existsSync(path.join(work, 'search-down.json'))).toBe(false);
  });

  it('--metrics FILE writes the run\'s metrics in Prometheus text format', async () => {
    await startWorker(redis.url);
    const file = path.join(work, 'run.prom');
    const r = runCli(['run', '--queue', redis.url, '-b', battery, '--out', path.join(work, 'store-m'), '--metrics', file, '-q', '-i', '007bbfb7', '1cf80156']);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^run_batt_tasks_total\{outcome="done"\} 2$/m);
    expect(text).toMatch(/^run_batt_candidates_total 240$/m);
    expect(text).toMatch(/^run_batt_queue_depth\{state="waiting"\} 0$/m);
    expect(text).toMatch(/^# TYPE run_batt_phase_duration_seconds histogram$/m);
  });
});

describe.skipIf(!HAVE_REDIS)('Redis unreachable', () => {
  afterAll(async () => {
    await stopAll();
  });

  it('run --queue and worker fail at once with exit 2, naming the URL, before any work', async () => {
    const port = await freePort(); // nothing listens there
    const dir = tempDir();
    const store = path.join(dir, 'store');
    const t0 = Date.now();
    const r = runCli(['run', '--queue', `redis://127.0.0.1:${port}`, '-b', path.join(dir, 'batt'), '--out', store, '--json', path.join(dir, 'r.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`run-batt: cannot reach Redis at redis://127\\.0\\.0\\.1:${port}: ECONNREFUSED`));
    expect(existsSync(path.join(dir, 'batt'))).toBe(false); // no battery generated
    expect(existsSync(store)).toBe(false);
    expect(existsSync(path.join(dir, 'r.json'))).toBe(false);
    const w = runCli(['worker', '--queue', `redis://127.0.0.1:${port}`]);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(runCli(['run', '--queue', 'http://localhost:6379']).stderr).toMatch(/expected a redis:\/\/ \(or rediss:\/\/\) URL/);
  });
});

/** Kills every process but the Redis server (test helper for afterEach). */
async function stopAllBut(redis: RedisServer): Promise<void> {
  const { stopAllExcept } = await import('./helpers.js');
  await stopAllExcept(redis.proc);
}
