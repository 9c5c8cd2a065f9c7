// Numbers for people, without Intl: the first toLocaleString() of a process loads ICU's locale
// data, which costs 30-40 ms, more than many whole runs spend in their programs.

/** Milliseconds to the microsecond, as the JSON reports give them. */
export const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;

/** An integer with thousands separators, as toLocaleString('en-US') writes it: 1,234,567. */
export function thousands(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Math.round(n);
  const digits = String(Math.abs(r));
  let out = '';
  for (let k = 0; k < digits.length; k++) {
    if (k > 0 && (digits.length - k) % 3 === 0) out += ',';
    out += digits[k];
  }
  return r < 0 ? `-${out}` : out;
}
