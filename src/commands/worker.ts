// `run-batt worker --queue redis://HOST:PORT`: a long-running worker that
// takes task jobs from the queue and runs them through the pipeline on its own
// pool. SIGINT/SIGTERM: finish the running jobs, then exit 0; a second
// signal exits at once (the jobs it held are retried elsewhere).

import path from 'node:path';
import { style } from '../report/style.js';
import { ValidationCache } from '../pipeline/cache.js';
import { RunMetrics } from '../metrics/index.js';
import { parseQueueUrl, probeRedis } from '../queue/connection.js';
import { startQueueWorker } from '../queue/worker.js';
import { STALLED_INTERVAL_MS } from '../queue/protocol.js';
import { EXIT, InputError } from '../errors.js';
import type { WorkerOptions } from '../options.js';
import { createExecutor } from '../exec/executor.js';

export async function workerCommand(opts: WorkerOptions): Promise<number> {
  const err = style(process.stderr);
  const address = parseQueueUrl(opts.queue);
  const version = await probeRedis(address);
  const log = (line: string) => {
    if (!opts.quiet || line.startsWith('warning')) console.error(line.startsWith('warning') ? err.yellow(`worker: ${line}`) : err.dim(`worker: ${line}`));
  };
  // Time limits come with each job; the pool's backstop is sized from the job's own limit (watchdogFor).
  const executor = createExecutor('parallel', {
    workers: opts.concurrency,
    memoryMb: opts.memoryMb,
    onError: (e) => log(`warning: worker pool: ${e.message}`),
  });
  await executor.start();
  const metrics = new RunMetrics({ threads: executor.workers, processMetrics: true });
  let server: import('node:http').Server | undefined;
  let metricsNote = '';
  if (opts.metricsPort !== undefined) {
    try {
      const s = await metrics.serve(opts.metricsPort, opts.metricsHost);
      server = s.server;
      metricsNote = `; metrics on http://${opts.metricsHost === '0.0.0.0' ? 'localhost' : opts.metricsHost}:${s.port}/metrics`;
    } catch (e) {
      await executor.close();
      throw new InputError(`cannot serve metrics on ${opts.metricsHost}:${opts.metricsPort}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const cache = opts.cacheDir ? new ValidationCache(path.join(opts.cacheDir, 'cache')) : undefined;
  const worker = await startQueueWorker({
    address,
    executor,
    concurrency: opts.concurrency,
    metrics,
    cache,
    lockDurationMs: opts.lockDurationMs,
    stalledIntervalMs: Math.min(STALLED_INTERVAL_MS, Math.floor(opts.lockDurationMs / 2)),
    log,
    ...(opts.verbose ? { verbose: log } : {}),
  });
  // The first line a fleet manager (or a test) waits for.
  console.error(`worker ${worker.name}: ready on ${address.display} (queue ${address.name}, Redis ${version}), ${executor.workers} thread(s), ${opts.concurrency} job(s) at once${metricsNote}`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (sig: NodeJS.Signals) => {
      if (stopping) {
        console.error(`worker: ${sig} again: exiting now`);
        process.exit(EXIT.interrupted);
      }
      stopping = true;
      console.error(`worker: ${sig}: finishing the running job(s), then exiting (${sig === 'SIGINT' ? 'Ctrl-C' : sig} again to exit at once)`);
      void (async () => {
        await worker.close();
        await executor.close();
        server?.close();
        console.error(`worker ${worker.name}: stopped after ${worker.jobsDone()} job(s)`);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(EXIT.ok);
      })();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
