// Terminal styling: colour only on a TTY, never when NO_COLOR is set.

import { Chalk, type ChalkInstance } from 'chalk';
import { thousands } from '../format.js';

export function useColour(stream: NodeJS.WriteStream = process.stdout): boolean {
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

export const style = (stream?: NodeJS.WriteStream): ChalkInstance => new Chalk({ level: useColour(stream) ? 1 : 0 });

/** Milliseconds for people: 0.42 ms, 12.3 ms, 1.52 s. */
export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatRate(n: number, ms: number): string {
  if (ms <= 0) return '-';
  const r = (n / ms) * 1000;
  return r >= 100 ? thousands(Math.round(r)) : r.toFixed(1);
}
