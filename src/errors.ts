// Typed errors. An InputError is the user's input at fault (a file, a line, a
// task, an option): it is thrown where the problem is found and ends the run
// with exit 2 and one clean line. Anything else is a bug: its stack, exit 1.

export interface Where {
  readonly file?: string;
  readonly line?: number;
  readonly task?: string;
}

export class InputError extends Error {
  readonly fault: string;
  readonly where: Where;
  constructor(fault: string, where: Where = {}, options?: { cause?: unknown }) {
    super(formatWhere(where) + fault, options);
    this.name = 'InputError';
    this.fault = fault;
    this.where = where;
  }
}

function formatWhere(w: Where): string {
  const file = w.file ? `${w.file}${w.line !== undefined ? `:${w.line}` : ''}` : '';
  const task = w.task !== undefined ? `task ${JSON.stringify(w.task)}` : '';
  if (file && task) return `${file} (${task}): `;
  return file || task ? `${file || task}: ` : '';
}

/** Exit codes: 0 ok, 1 run failed (a bug, or a store that failed mid-run), 2 input error, 130 interrupted. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** A file-system error as one short phrase: its code and message. */
export const fsFault = (e: unknown): string => {
  const err = e as NodeJS.ErrnoException;
  return err?.code && !String(err.message).startsWith(err.code) ? `${err.code}: ${err.message}` : String(err?.message ?? e);
};
