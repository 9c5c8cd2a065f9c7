// Prometheus metrics (prom-client), every name prefixed run_batt_. A worker
// serves them at /metrics (--metrics-port); a one-shot run writes them to a
// file in the text format (--metrics FILE, for node-exporter's textfile
// collector).

import { createServer, type Server } from 'node:http';
import { writeFile, rename } from 'node:fs/promises';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TaskReport } from '../pipeline/run.js';
import { STATUSES } from '../status.js';

const PREFIX = 'run_batt_';
/** Phases that run in the pool: their in-job time is pool busy time. */
const POOL_PHASES = new Set(['score samples', 'batch inline', 'validate']);
const PHASE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface MetricsOptions {
  /** Threads in the pool, for utilisation. */
  readonly threads: number;
  /** Also the process's own metrics (CPU, memory, event loop lag): for long-running workers. */
  readonly processMetrics?: boolean;
  /** Queue depth by state, read when the metrics are collected. */
  readonly queueDepth?: () => Promise<Record<string, number>>;
}

export class RunMetrics {
  readonly registry = new Registry();
  private readonly started = performance.now();
  private busyMs = 0;
  private readonly tasks: Counter<'outcome'>;
  private readonly candidates: Counter;
  private readonly unique: Counter;
  private readonly programs: Counter<'status'>;
  private readonly phase: Histogram<'phase'>;
  private readonly cacheHits: Counter;
  private readonly cacheMisses: Counter;
  private readonly retries: Counter;
  private readonly jobSeconds: Histogram;

  constructor(private readonly opts: MetricsOptions) {
    const registers = [this.registry];
    this.tasks = new Counter({ name: `${PREFIX}tasks_total`, help: 'Tasks processed, by outcome (done: a report; failed: the task could not be run)', labelNames: ['outcome'], registers });
    this.candidates = new Counter({ name: `${PREFIX}candidates_total`, help: 'Candidate programs processed (battery size, summed over tasks)', registers });
    this.unique = new Counter({ name: `${PREFIX}unique_programs_total`, help: 'Unique programs (after merging identical candidates), summed over tasks', registers });
    this.programs = new Counter({ name: `${PREFIX}programs_total`, help: 'Unique programs by final status', labelNames: ['status'], registers });
    for (const s of STATUSES) this.programs.inc({ status: s }, 0);
    this.tasks.inc({ outcome: 'done' }, 0);
    this.tasks.inc({ outcome: 'failed' }, 0);
    this.phase = new Histogram({ name: `${PREFIX}phase_duration_seconds`, help: 'Wall time of each pipeline phase, per task', labelNames: ['phase'], buckets: PHASE_BUCKETS, registers });
    this.cacheHits = new Counter({ name: `${PREFIX}cache_hits_total`, help: 'Validation cache hits', registers });
    this.cacheMisses = new Counter({ name: `${PREFIX}cache_misses_total`, help: 'Validation cache misses', registers });
    this.retries = new Counter({ name: `${PREFIX}job_retries_total`, help: 'Queue jobs started again (after a worker died or the job threw)', registers });
    this.jobSeconds = new Histogram({ name: `${PREFIX}job_duration_seconds`, help: 'Time a queue job took on its worker', buckets: PHASE_BUCKETS, registers });
    const self = this;
    new Gauge({
      name: `${PREFIX}pool_utilisation`,
      help: 'Share of the pool threads\' time spent running jobs since start (0..1)',
      registers,
      collect() {
        const elapsed = performance.now() - self.started;
        this.set(elapsed > 0 ? Math.min(1, self.busyMs / (elapsed * Math.max(1, self.opts.threads))) : 0);
      },
    });
    new Gauge({ name: `${PREFIX}pool_threads`, help: 'Worker threads in the pool', registers, collect() { this.set(self.opts.threads); } });
    if (opts.queueDepth) {
      const depth = opts.queueDepth;
      new Gauge({
        name: `${PREFIX}queue_depth`,
        help: 'Jobs on the queue, by state',
        labelNames: ['state'],
        registers,
        async collect() {
          try {
            for (const [state, n] of Object.entries(await depth())) this.set({ state }, n);
          } catch {
            // Redis unreachable right now: keep the last values.
          }
        },
      });
    }
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
  }

  /** Counts one task's report. */
  recordTask(r: TaskReport): void {
    if (r.error !== undefined) return this.recordFailure();
    this.tasks.inc({ outcome: 'done' });
    this.candidates.inc(r.candidates);
    this.unique.inc(r.unique);
    for (const s of STATUSES) if (r.statuses[s] > 0) this.programs.inc({ status: s }, r.statuses[s]);
    for (const p of r.phases) {
      this.phase.observe({ phase: p.name }, p.wallMs / 1000);
      if (POOL_PHASES.has(p.name)) this.busyMs += p.taskMs;
    }
    this.cacheHits.inc(r.cache.hits);
    this.cacheMisses.inc(r.cache.misses);
  }

  /** A task that could not be run (its job failed for good). */
  recordFailure(): void {
    this.tasks.inc({ outcome: 'failed' });
  }

  recordJob(ms: number, retried: boolean): void {
    this.jobSeconds.observe(ms / 1000);
    if (retried) this.retries.inc();
  }

  recordRetries(n = 1): void {
    this.retries.inc(n);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Writes the text format atomically (the textfile collector may read at any moment). */
  async write(file: string): Promise<void> {
    const tmp = `${file}.tmp-${process.pid}`;
    await writeFile(tmp, await this.text());
    await rename(tmp, file);
  }

  /** Serves GET /metrics on the port (0: any free port); resolves with the port. */
  serve(port: number, host = '0.0.0.0'): Promise<{ port: number; server: Server }> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at /metrics\n');
        return;
      }
      this.text().then(
        (body) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(body),
        (e: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${e.message}\n`),
      );
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const addr = server.address();
        resolve({ port: typeof addr === 'object' && addr ? addr.port : port, server });
      });
    });
  }
}
