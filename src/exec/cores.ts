// The default number of workers: one per core this process may use. Apart from the executor so
// that the command line can show it without loading the pool.

import { availableParallelism } from 'node:os';

export const defaultWorkers = (): number => Math.max(1, availableParallelism());
