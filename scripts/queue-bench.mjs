// Queue figures for the README: throughput of 1, 2 and 4 worker processes on a
// multi-task run, queue overhead per job, and the time from a worker's death
// (SIGKILL) to its job restarting on another worker. Starts a private
// redis-server (from PATH) on a free port and stops everything it started.
//
//   npm run build && node scripts/queue-bench.mjs [--rounds 3] [--size 300]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'run-batt.js');
const arg = (name, dflt) => {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? Number(process.argv[k + 1]) : dflt;
};
const ROUNDS = arg('rounds', 3);
const SIZE = arg('size', 300);
const children = new Set();
const work = mkdtempSync(path.join(tmpdir(), 'run-batt-qbench-'));
const cleanup = () => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

function start(cmd, args) {
  const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  children.add(c);
  c.out = '';
  c.lines = [];
  const take = (d) => {
    c.out += d;
    for (const line of String(d).split('\n')) if (line) c.lines.push({ at: performance.now(), line });
    c.emit('text');
  };
  c.stdout.setEncoding('utf8').on('data', take);
  c.stderr.setEncoding('utf8').on('data', take);
  c.done = new Promise((resolve) => c.once('exit', (code) => (children.delete(c), resolve(code))));
  return c;
}
const waitFor = (c, re) =>
  new Promise((resolve, reject) => {
    const check = () => {
      const m = re.exec(c.out);
      if (m) {
        c.off('text', check);
        resolve(m);
      }
    };
    c.on('text', check);
    c.once('exit', () => reject(new Error(`exited before ${re}: ${c.out}`)));
    check();
  });
const kill = async (c) => {
  c.kill('SIGKILL');
  await c.done;
};
const runBatt = (args) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`run-batt ${args.join(' ')}: ${r.status}\n${r.stderr}`);
  return r;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;
const jsonOf = (f) => JSON.parse(readFileSync(f, 'utf8'));
const row = (j, name) => j.phases.find((p) => p.name === name)?.wallMs ?? 0;

const port = await freePort();
const redis = start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', work, '--save', '', '--appendonly', 'no']);
await waitFor(redis, /Ready to accept connections/);
const url = `redis://127.0.0.1:${port}`;
console.log(`machine: ${cpus().length} vCPU ${cpus()[0].model}, Node ${process.version}; ${spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.trim().split(' ').slice(0, 3).join(' ')}`);
const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
console.log(`load average at start: ${load} (shared machine: other work runs beside this)`);

// The workload: the 22 shipped tasks, a generated battery of SIZE candidates.
const batt = path.join(work, 'batt');
runBatt(['card', '-i', '007bbfb7', '1cf80156', '3af2c5a8', '-b', batt, '-n', String(SIZE)]);
const TASKS = 22;

async function queued(workers, concurrency, tag, extra = []) {
  const ws = [];
  for (let k = 0; k < workers; k++) {
    const w = start(process.execPath, [BIN, 'worker', '--queue', url, '--concurrency', String(concurrency), '-q']);
    ws.push(w);
  }
  await Promise.all(ws.map((w) => waitFor(w, /: ready on /)));
  const json = path.join(work, `${tag}.json`);
  runBatt(['run', '--queue', url, '-b', batt, '--out', path.join(work, `store-${tag}`), '--json', json, '-q', ...extra]);
  await Promise.all(ws.map(kill));
  const j = jsonOf(json);
  return { wall: (j.wallMs - row(j, 'queue connect')) / 1000, j };
}
function local(tag, extra) {
  const json = path.join(work, `${tag}.json`);
  runBatt(['run', '-b', batt, '--out', path.join(work, `store-${tag}`), '--json', json, '-q', ...extra]);
  const j = jsonOf(json);
  return { wall: (j.wallMs - row(j, 'pool start')) / 1000, j };
}

// 1. Throughput, interleaved rounds.
const modes = {
  'local, parallel, 2 threads': () => local('lp', ['--mode', 'parallel', '-w', '2']),
  'local, sequential': () => local('ls', ['--mode', 'sequential']),
  'queue, 1 worker process (1 thread)': () => queued(1, 1, 'q1'),
  'queue, 2 worker processes (1 thread each)': () => queued(2, 1, 'q2'),
  'queue, 4 worker processes (1 thread each)': () => queued(4, 1, 'q4'),
  'queue, 1 worker process (2 threads, 2 jobs at once)': () => queued(1, 2, 'q1x2'),
};
const ONLY = process.argv.includes('--no-throughput') ? [] : Object.keys(modes);
const tput = Object.fromEntries(Object.keys(modes).map((m) => [m, []]));
await local('warm', ['--mode', 'sequential']);
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, fn] of Object.entries(modes)) if (ONLY.includes(name)) tput[name].push(TASKS / (await fn()).wall);
}
console.log(`\nthroughput: ${TASKS} tasks x ${SIZE} candidates, ${ROUNDS} interleaved rounds (tasks/s, median and range; start-up excluded)`);
for (const [name, xs] of Object.entries(tput)) if (xs.length) console.log(`  ${name.padEnd(52)} ${median(xs).toFixed(2).padStart(6)}  (${range(xs)})`);

// 2. Queue overhead per job: tiny jobs (the 22-program library), one worker with one thread, one job at a
// time: the run's wall time not spent in the jobs on the worker, per job. It holds the queue round
// trip (add, pick-up, lock, result, events), (de)serialisation and the submitter's bookkeeping and store.
const over = [];
for (let r = 0; r < ROUNDS; r++) {
  const ws = start(process.execPath, [BIN, 'worker', '--queue', url, '--concurrency', '1', '-q']);
  await waitFor(ws, /: ready on /);
  const json = path.join(work, 'oq.json');
  const t = spawnSync(process.execPath, [BIN, 'run', '--queue', url, '--out', path.join(work, 'store-oq'), '--json', json, '-q'], { encoding: 'utf8' });
  if (t.status !== 0) throw new Error(t.stderr);
  await kill(ws);
  const j = jsonOf(json);
  over.push((j.wallMs - row(j, 'queue connect') - j.queue.jobMs) / TASKS);
}
console.log(`\nqueue overhead per job (22 tiny jobs, one worker, one at a time; run wall minus the jobs' time on the worker, per job): median ${median(over).toFixed(1)} ms (${range(over)})`);

// 3. Death to restart: SIGKILL a worker holding a job; time until another worker starts it again.
const restart = [];
for (let r = 0; r < ROUNDS; r++) {
  const a = start(process.execPath, [BIN, 'worker', '--queue', url, '--concurrency', '1']);
  const b = start(process.execPath, [BIN, 'worker', '--queue', url, '--concurrency', '1']);
  await Promise.all([waitFor(a, /: ready on /), waitFor(b, /: ready on /)]);
  const submit = start(process.execPath, [BIN, 'run', '--queue', url, '-b', batt, '--out', path.join(work, 'store-d'), '--json', path.join(work, 'd.json'), '-q']);
  const m = await waitFor(a, /done [^\n]*\n(?:[^\n]*\n)*?[^\n]*start (\S+) \(job ([^)]+)\)/);
  const killedAt = performance.now();
  await kill(a);
  const job = m[2].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const retried = await Promise.race([
    waitFor(b, new RegExp(`retry \\S+ \\(job ${job}`)).then(() => b.lines.find((l) => l.line.includes(`retry`) && l.line.includes(m[2])).at),
    submit.done.then(() => undefined),
  ]);
  await submit.done;
  await kill(b);
  if (retried !== undefined) restart.push((retried - killedAt) / 1000);
  else console.log(`  round ${r + 1}: the killed worker had finished its job before the kill; no restart to time`);
}
console.log(`\nworker death (SIGKILL) to its job restarting on another worker: ${restart.length ? `median ${median(restart).toFixed(2)} s (${range(restart)}), ${restart.length} kill(s)` : 'not measured'}; lockDuration 5 s, stalledInterval 1.5 s`);
await kill(redis);
