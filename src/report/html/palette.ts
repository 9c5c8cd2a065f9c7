// The standard ARC palette (colours 0-9 as the ARC testing interface shows
// them), shared by the HTML report and the terminal viewer.

export const ARC_PALETTE: readonly string[] = [
  '#000000', // 0 black
  '#0074D9', // 1 blue
  '#FF4136', // 2 red
  '#2ECC40', // 3 green
  '#FFDC00', // 4 yellow
  '#AAAAAA', // 5 grey
  '#F012BE', // 6 magenta
  '#FF851B', // 7 orange
  '#7FDBFF', // 8 sky
  '#870C25', // 9 maroon
];

export function rgbOf(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const CUBE = [0, 95, 135, 175, 215, 255];

/** The nearest xterm 256-colour index (6x6x6 cube or grey ramp) to an RGB colour. */
export function xterm256(rgb: readonly [number, number, number]): number {
  const d2 = (a: readonly number[], b: readonly number[]) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2;
  const near = (v: number) => CUBE.reduce((best, c, k) => (Math.abs(c - v) < Math.abs(CUBE[best] - v) ? k : best), 0);
  const [r, g, b] = rgb.map(near);
  const cube = [CUBE[r], CUBE[g], CUBE[b]];
  let index = 16 + 36 * r + 6 * g + b;
  let dist = d2(cube, rgb);
  for (let k = 0; k < 24; k++) {
    const v = 8 + 10 * k;
    const d = d2([v, v, v], rgb);
    if (d < dist) {
      dist = d;
      index = 232 + k;
    }
  }
  return index;
}
