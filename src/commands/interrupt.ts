// Ctrl-C and SIGTERM: the first asks the run to stop (pool work is cancelled,
// the partial report is written, the store stays consistent); a second one
// exits at once.

import { EXIT } from '../errors.js';

export interface InterruptWatch {
  readonly signal: AbortSignal;
  /** When the first signal arrived (performance.now()), for reporting how fast we stopped. */
  readonly at: () => number | undefined;
  dispose(): void;
}

export function watchInterrupts(): InterruptWatch {
  const abort = new AbortController();
  let at: number | undefined;
  const handler = (sig: NodeJS.Signals) => {
    if (at !== undefined) {
      process.stderr.write(`\n${sig} again: exiting now\n`);
      process.exit(EXIT.interrupted);
    }
    at = performance.now();
    process.stderr.write(`\n${sig}: stopping; the partial report follows (${sig === 'SIGINT' ? 'Ctrl-C' : sig} again to exit at once)\n`);
    abort.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: abort.signal,
    at: () => at,
    dispose: () => {
      // After a first signal the process is on its way out: a second one must still exit at once
      // (with the default action it would die by the signal instead of exiting 130).
      if (at !== undefined) return;
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
