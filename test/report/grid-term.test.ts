// The terminal grid viewer: colour modes, cells, layout, verdicts.
import { describe, expect, it } from 'vitest';
import { colourMode, gridLines, renderPairs, sideBySide, verdict, visibleWidth } from '../../src/report/grid-term.js';
import { ARC_PALETTE, rgbOf, xterm256 } from '../../src/report/html/palette.js';

const tty = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as NodeJS.WriteStream;

describe('colour mode', () => {
  const env = process.env;
  it('is off when NO_COLOR is set or the stream is not a terminal', () => {
    process.env = { ...env, NO_COLOR: '1', FORCE_COLOR: '1', COLORTERM: 'truecolor' };
    try {
      expect(colourMode(tty, process.env)).toBe('none');
      process.env = { ...env, NO_COLOR: '', FORCE_COLOR: '' };
      delete process.env.NO_COLOR;
      delete process.env.FORCE_COLOR;
      expect(colourMode(pipe, process.env)).toBe('none');
    } finally {
      process.env = env;
    }
  });

  it('is truecolor when the terminal says so, else 256 colours', () => {
    process.env = { ...env, FORCE_COLOR: '1' };
    delete process.env.NO_COLOR;
    try {
      expect(colourMode(tty, { COLORTERM: 'truecolor' })).toBe('truecolor');
      expect(colourMode(tty, { COLORTERM: '24bit' })).toBe('truecolor');
      expect(['256', 'truecolor']).toContain(colourMode(tty, {}));
    } finally {
      process.env = env;
    }
  });
});

describe('grid lines', () => {
  const g = [[0, 1], [2, 9]];

  it('without colour: one digit per cell', () => {
    expect(gridLines(g, 'none')).toEqual(['0 1', '2 9']);
  });

  it('truecolor: each cell two columns on its palette colour', () => {
    const [line] = gridLines([[1, 2]], 'truecolor');
    const [r1, g1, b1] = rgbOf(ARC_PALETTE[1]);
    const [r2, g2, b2] = rgbOf(ARC_PALETTE[2]);
    expect(line).toBe(`\x1b[48;2;${r1};${g1};${b1}m  \x1b[48;2;${r2};${g2};${b2}m  \x1b[0m`);
    expect(visibleWidth(line)).toBe(4);
  });

  it('256 colours: the nearest xterm colour of each palette entry', () => {
    expect(xterm256([0, 0, 0])).toBe(16);
    expect(xterm256([255, 255, 255])).toBe(231);
    expect(xterm256(rgbOf('#FF4136'))).toBe(203);
    const [line] = gridLines([[0, 2]], '256');
    expect(line).toBe('\x1b[48;5;16m  \x1b[48;5;203m  \x1b[0m');
  });

  it('marks the cells that differ from the expected grid', () => {
    expect(gridLines([[1, 2]], 'none', [[1, 3]])).toEqual(['1 2x']);
    expect(gridLines([[1, 2]], 'truecolor', [[1, 3]])[0]).toContain('><');
    // Another shape: nothing to compare cell by cell.
    expect(gridLines([[1, 2]], 'none', [[1]])).toEqual(['1 2']);
  });
});

describe('layout', () => {
  it('puts blocks side by side, padded to their visible width', () => {
    const lines = sideBySide([{ title: 'a', lines: gridLines([[1, 2, 3]], 'truecolor') }, { title: 'b', lines: ['x', 'y'] }], 2);
    expect(lines.map(visibleWidth)).toEqual([9, 9, 9]);
    expect(lines[0]).toBe('a       b');
    expect(lines[2]).toBe('        y');
  });

  it('gives ✓, ✗ or ? per pair with a program, and shows its output', () => {
    const ok = { label: 'train 1', input: [[1]], output: [[2]], result: { grid: [[2]] } };
    const bad = { label: 'train 2', input: [[1]], output: [[2]], result: { grid: [[3]] } };
    const unknown = { label: 'test 1', input: [[1]], result: { grid: [[2]] } };
    const failed = { label: 'test 2', input: [[1]], output: [[2]], result: { grid: null, error: 'Timeout' } };
    expect([ok, bad, unknown, failed].map(verdict)).toEqual(['✓', '✗', '?', '✗']);
    expect(verdict({ label: 'x', input: [[1]] })).toBeUndefined();
    const text = renderPairs([ok, bad, failed], 'none');
    expect(text).toContain('train 1  ✓');
    expect(text).toContain('output ✓ exact');
    expect(text).toContain('train 2  ✗');
    expect(text).toContain('output ✗ 1 cell differ');
    expect(text).toContain('3x');
    expect(text).toContain('output ✗ Timeout');
    expect(renderPairs([{ label: 'train 1', input: [[1, 2]], output: [[3]] }], 'none')).toBe('train 1\n  input 1x2   expected 1x1\n  1 2         3\n');
  });
});
