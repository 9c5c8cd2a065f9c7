// Durations on the command line: `90s`, `15m`, `1h`, `1h30m`, `500ms`, or plain seconds.

import { InvalidArgumentError } from 'commander';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds in a duration text; throws InvalidArgumentError (commander reports it) when malformed. */
export function parseDuration(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return positive(Number(t) * 1000, text);
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== t) {
    throw new InvalidArgumentError(`expected a duration such as 90s, 15m or 1h30m, got '${text}'`);
  }
  return positive(parts.reduce((ms, p) => ms + Number(p[1]) * UNIT_MS[p[2]], 0), text);
}

function positive(ms: number, text: string): number {
  if (!(ms > 0)) throw new InvalidArgumentError(`expected a positive duration, got '${text}'`);
  return ms;
}
