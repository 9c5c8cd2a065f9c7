// The piscina worker: runs the very same job handlers as sequential mode.
import { threadId } from 'node:worker_threads';
import { handleJob, type Job } from '../jobs/index.js';

export default function run(job: Job) {
  return handleJob(job, threadId);
}
