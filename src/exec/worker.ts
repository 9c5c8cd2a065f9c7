// The piscina worker: runs the very same job handlers as sequential mode.
import { threadId, workerData } from 'node:worker_threads';
import { handleJob, type Job } from '../jobs/index.js';
import { recordThread } from '../timing/threads.js';

// The pool reads its workers' CPU by OS thread (src/timing/threads.ts): tell it which thread this is.
recordThread((workerData as { threads?: unknown } | undefined)?.threads);

export default function run(job: Job) {
  return handleJob(job, threadId);
}
