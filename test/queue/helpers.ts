// A private redis-server (from PATH) on a free port in a temporary folder,
// and worker processes; everything started here is stopped by stopAll(),
// which the suites call in afterEach/afterAll (also when a test fails).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { BIN, tempFolder } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';

/** Is there a redis-server to start? (Tests that need one skip, saying so, when not.) */
export const HAVE_REDIS = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
if (!HAVE_REDIS) console.warn('[skip] redis-server not found on PATH: the queue tests are skipped (apt-get install -y redis-server)');

const started = new Set<ChildProcess>();
const folders = new Set<string>();

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves when `pattern` appears in the process's output (stdout + stderr so far), rejects on exit or timeout. */
export function waitFor(proc: Spawned, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = pattern.exec(proc.output());
      if (m) {
        done();
        resolve(m);
      }
    };
    const onExit = () => {
      done();
      reject(new Error(`process exited (${proc.child.exitCode ?? proc.child.signalCode}) before ${pattern}:\n${proc.output()}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}:\n${proc.output()}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      proc.child.stdout?.off('data', check);
      proc.child.stderr?.off('data', check);
      proc.child.off('exit', onExit);
    };
    proc.child.stdout?.on('data', check);
    proc.child.stderr?.on('data', check);
    proc.child.once('exit', onExit);
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) onExit();
    else check();
  });
}

export interface Spawned {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly output: () => string;
  /** Resolves with the exit code (or 128 + signal number style: null code and the signal). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function track(child: ChildProcess): Spawned {
  started.add(child);
  let out = '';
  let err = '';
  let all = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => ((out += d), (all += d)));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => ((err += d), (all += d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      started.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, stdout: () => out, stderr: () => err, output: () => all, exited };
}

export function tempDir(prefix = 'run-batt-q-'): string {
  const dir = tempFolder({}, prefix);
  folders.add(dir);
  return dir;
}

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly proc: Spawned;
}

/** A private redis-server on a free port, in a temporary folder, no persistence. */
export async function startRedis(): Promise<RedisServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const dir = tempDir('run-batt-redis-');
    const proc = track(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'], { stdio: ['ignore', 'pipe', 'pipe'] }));
    try {
      await waitUntilListening(port, proc);
      return { url: `redis://127.0.0.1:${port}`, port, proc };
    } catch (e) {
      lastError = e;
      proc.child.kill('SIGKILL');
    }
  }
  throw lastError;
}

async function waitUntilListening(port: number, proc: Spawned): Promise<void> {
  const { Redis } = await import('ioredis');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`redis-server exited: ${proc.output()}`);
    const c = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    c.on('error', () => undefined);
    try {
      await c.connect();
      if ((await c.ping()) === 'PONG') return;
    } catch {
      // not yet
    } finally {
      c.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer: ${proc.output()}`);
}

/** A run-batt process (CLI) in the background. */
export function startRunBatt(args: string[], cwd = REPO_ROOT): Spawned {
  return track(spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** A worker, resolved once it says it is ready. */
export async function startWorker(url: string, extra: string[] = []): Promise<Spawned> {
  const w = startRunBatt(['worker', '--queue', url, '--concurrency', '1', ...extra]);
  await waitFor(w, /: ready on /);
  return w;
}

/** SIGKILLs the processes started here (but `keep`) and waits until they are gone. */
async function killAll(keep?: ChildProcess): Promise<void> {
  await Promise.all(
    [...started]
      .filter((c) => c !== keep)
      .map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
  );
}

/** Kills every process started here except `keep` (the suite's Redis server). */
export const stopAllExcept = (keep: Spawned): Promise<void> => killAll(keep.child);

/**
 * Deletes the job-slot registrations of workers on the server at `url`. A worker killed with
 * SIGKILL cannot remove its own, which then counts for its TTL (15 s): into the next test's
 * "N job slot(s) registered", once the tests ran fast enough to start within that time.
 */
export async function clearWorkerSlots(url: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await r.connect();
    const keys = await r.keys('run-batt:*:worker:*');
    if (keys.length > 0) await r.del(...keys);
  } finally {
    r.disconnect();
  }
}

/** Kills every process started here and removes the temporary folders. */
export async function stopAll(): Promise<void> {
  await killAll();
  started.clear();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  folders.clear();
}
