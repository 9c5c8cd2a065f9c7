// The HTML report rendered in headless Chromium: no console errors, no
// requests, grids drawn in the ARC palette with differing cells marked,
// program text shown as text, filters, and a 400-task check report.
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { htmlFromReport } from '../../src/report/html/index.js';
import { ARC_PALETTE } from '../../src/report/html/palette.js';
import { runCli } from '../helpers/cli.js';
import { sharedPath } from '../helpers/shared.js';
import { haveChromium, launch, openReport } from './browser.js';
import { runReport } from './fixtures.js';

describe.skipIf(!haveChromium)('HTML report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    browser = await launch();
    dir = mkdtempSync(path.join(tmpdir(), 'run-batt-html-'));
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, html: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, html);
    return file;
  };

  it('renders without console errors or requests, and draws a task when opened', async () => {
    const { page, problems } = await openReport(browser, write('sample.html', htmlFromReport(runReport())));
    expect(await page.locator('details.task').count()).toBe(3);
    expect(await page.locator('svg.grid').count()).toBe(0); // nothing drawn before it is opened
    await page.click('#task-t1 > summary');
    // The toggle event comes after the click, as a task of its own: wait for the drawing.
    await page.locator('#task-t1 svg.grid').first().waitFor();
    const grids = page.locator('#task-t1 svg.grid');
    // 2 pairs: input, expected, program 1's output; program 2 has an output on the first pair only.
    expect(await grids.count()).toBe(7);
    const input = grids.nth(0);
    expect(await input.getAttribute('data-h')).toBe('2');
    const fills = await input.locator('rect').evaluateAll((rs) => rs.map((r) => r.getAttribute('fill')));
    expect(fills).toEqual([ARC_PALETTE[1], ARC_PALETTE[2], ARC_PALETTE[3], ARC_PALETTE[0]]);
    const box = await input.boundingBox();
    expect(box!.width).toBeGreaterThan(10);
    // Program 2's output on train 1 differs from the expected grid in all 4 cells; program 1's is exact.
    const wrong = page.locator('#task-t1 .pair[data-pair="0"] figure.output.wrong');
    expect(await wrong.count()).toBe(1);
    expect(await wrong.locator('rect.diff').count()).toBe(4);
    expect(await wrong.locator('figcaption').textContent()).toContain('✗ 4 cells differ');
    expect(await page.locator('#task-t1 .pair[data-pair="0"] figcaption', { hasText: '✓ exact' }).count()).toBe(1);
    expect(await page.locator('#task-t1 .program .meta').first().textContent()).toContain(`md5 ${'a'.repeat(32)}`);
    expect(problems).toEqual([]);
  });

  it('shows program text as text: markup in it does nothing', async () => {
    const evil = 'def solve_t1(I):\n    O = vmirror(I)  # </script><img src=x onerror=alert(1)><b>bold</b>\n    return O\n';
    const { page, problems } = await openReport(browser, write('evil.html', htmlFromReport(runReport(evil))));
    await page.click('#task-t1 > summary');
    await page.locator('#task-t1 pre.source').first().waitFor();
    expect(await page.locator('#task-t1 pre.source').first().textContent()).toBe(evil);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('pre b').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('filters the task list by state and by id', async () => {
    const { page } = await openReport(browser, write('filters.html', htmlFromReport(runReport())));
    const visible = () => page.locator('details.task:visible').evaluateAll((ds) => ds.map((d) => (d as HTMLElement).dataset.id));
    expect(await visible()).toEqual(['t1', 't2', 't3']);
    await page.check('input[name=state][value=unsolved]');
    expect(await visible()).toEqual(['t2']);
    expect(await page.textContent('#shown')).toBe('1 of 3 shown');
    await page.check('input[name=state][value=error]');
    expect(await visible()).toEqual(['t3']);
    await page.check('input[name=state][value=all]');
    await page.fill('#filter-text', 't1');
    expect(await visible()).toEqual(['t1']);
  });

  it('a run on the shipped tasks: the page names the task and its best md5, and draws its grids', async () => {
    const store = path.join(dir, 'store');
    const html = path.join(dir, 'run.html');
    const json = path.join(dir, 'run.json');
    const r = runCli(['--html', html, '--json', json, '-i', '007bbfb7', '-b', store, '-n', '60', '--mode', 'sequential']);
    expect(r.code, r.stderr).toBe(0);
    const md5 = JSON.parse(readFileSync(json, 'utf8')).tasks[0].best.md5;
    const { page, problems } = await openReport(browser, html);
    expect(await page.title()).toContain('007bbfb7');
    expect(await page.textContent('#task-007bbfb7 > summary')).toContain(md5);
    expect(await page.locator('#task-007bbfb7 .program .meta').first().textContent()).toContain(`md5 ${md5}`);
    // One task: open from the start, grids drawn without a click.
    expect(await page.locator('#task-007bbfb7 svg.grid').count()).toBeGreaterThan(10);
    expect(await page.locator('svg.chart.phases g.phase').count()).toBeGreaterThanOrEqual(7);
    expect(problems).toEqual([]);
  });

  const training = sharedPath('arc', 'arc-agi-1', 'training');
  const solvers = sharedPath('arc-dsl', 'solvers.py');

  it.skipIf(!training)('the issue\'s command on ARC-AGI-1 training: task, md5 and grids', async () => {
    const store = path.join(dir, 'store-arc');
    const html = path.join(dir, 'arc.html');
    const r = runCli(['--html', html, '-i', '007bbfb7', '-b', store, '--data', training!]);
    expect(r.code, r.stderr).toBe(0);
    const md5 = /best \d+ \(t_log \d+\) ([0-9a-f]{32})/.exec(r.stdout)![1];
    const { page, problems } = await openReport(browser, html);
    expect(await page.textContent('h1')).toContain('007bbfb7');
    expect(await page.textContent('#task-007bbfb7')).toContain(md5);
    expect(await page.locator('#task-007bbfb7 svg.grid').count()).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it.skipIf(!training || !solvers)("a 400-task check report (arc-dsl's solvers) renders, and a task opens", async () => {
    const json = path.join(dir, 'check400.json');
    const r = runCli(['check', solvers!, '--data', training!, '-q', '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    const html = path.join(dir, 'check400.html');
    expect(runCli(['report', json, '-o', html]).code).toBe(0);
    const { page, problems, readyMs } = await openReport(browser, html);
    // Measured, not asserted (the machine is shared): the README quotes it.
    console.log(`[measure] 400-task check report: ${readyMs.toFixed(0)} ms from navigation to ready, ${(readFileSync(html).length / 1e6).toFixed(2)} MB`);
    expect(await page.locator('details.task').count()).toBe(400);
    expect(await page.textContent('label:has(input[value=solved])')).toContain('solved (399)');
    await page.click('#task-a64e4611 > summary');
    await page.locator('#task-a64e4611 svg.grid').first().waitFor();
    expect(await page.locator('#task-a64e4611 svg.grid').count()).toBeGreaterThan(3);
    expect(problems).toEqual([]);
  });
});
