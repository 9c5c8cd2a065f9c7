// The HTML report as text: structure, colours, escaping, and the view it is drawn from.
import { describe, expect, it } from 'vitest';
import { htmlFromReport, viewFromReport, reportKind, escapeHtml, ReportShapeError, encodeGrid, decodeGrid, topPrograms } from '../../src/report/html/index.js';
import { phaseChart, roundsChart, scriptJson } from '../../src/report/html/page.js';
import { ARC_PALETTE } from '../../src/report/html/palette.js';
import { checkReport, runReport, searchReport } from './fixtures.js';

const embedded = (html: string) => JSON.parse(/<script type="application\/json" id="run-batt-data">([\s\S]*?)<\/script>/.exec(html)![1]);

describe('report view', () => {
  it('tells run, check and search reports apart, and refuses anything else', () => {
    expect(reportKind(runReport())).toBe('run');
    expect(reportKind(checkReport())).toBe('check');
    expect(reportKind(searchReport())).toBe('search');
    expect(() => reportKind({ hello: 1 })).toThrow(ReportShapeError);
    expect(() => reportKind([1, 2])).toThrow(ReportShapeError);
  });

  it('classifies run tasks as solved, unsolved and error (no valid program)', () => {
    const v = viewFromReport(runReport());
    expect(v.tasks.map((t) => [t.id, t.state])).toEqual([['t1', 'solved'], ['t2', 'unsolved'], ['t3', 'error']]);
    expect(v.statuses).toEqual({ ok: 1, wrong: 3, error: 4, timeout: 0, oom: 0 });
  });

  it('classifies check tasks: a wrong output is unsolved, a timeout an error', () => {
    const v = viewFromReport(checkReport());
    expect(v.tasks.map((t) => t.state)).toEqual(['solved', 'unsolved', 'error']);
    expect(v.tasks[0].programs[0]).toMatchObject({ label: 'solve_t1', md5: 'd'.repeat(32), status: 'ok' });
  });

  it('puts newly solved search tasks first and counts solved per round', () => {
    const v = viewFromReport(searchReport());
    expect(v.tasks[0]).toMatchObject({ id: 't2', newly: true, state: 'solved' });
    expect(v.rounds!.map((r) => [r.label, r.solved, r.newly, r.atMs])).toEqual([['library', 1, 0, 100], ['gen 1', 1, 0, 400], ['gen 2', 2, 1, 650]]);
  });
});

describe('HTML page', () => {
  const html = htmlFromReport(runReport());

  it('is one self-contained document: inline style and scripts, nothing fetched', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<html/g)).toHaveLength(1);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('lists every task with its state and filters with counts', () => {
    for (const [id, state] of [['t1', 'solved'], ['t2', 'unsolved'], ['t3', 'error']]) {
      expect(html).toMatch(new RegExp(`<details class="task" id="task-${id}" data-id="${id}" data-state="${state}"`));
    }
    expect(html).toContain('value="solved"> solved (1)');
    expect(html).toContain('value="unsolved"> unsolved (1)');
    expect(html).toContain('value="error"> errors (1)');
    // Several tasks: none open (grids are drawn when opened); one task: open.
    expect(html).not.toMatch(/data-state="\w+" open/);
    const one = runReport();
    one.tasks = one.tasks.slice(0, 1);
    expect(htmlFromReport(one)).toMatch(/data-state="solved" open>/);
  });

  it('uses the ARC palette, in order, for the legend and the grid script', () => {
    expect(ARC_PALETTE).toEqual(['#000000', '#0074D9', '#FF4136', '#2ECC40', '#FFDC00', '#AAAAAA', '#F012BE', '#FF851B', '#7FDBFF', '#870C25']);
    const legend = /<div class="palette"[^>]*>(.*?)<\/div>/.exec(html)![1];
    expect([...legend.matchAll(/background:(#[0-9A-F]{6})/g)].map((m) => m[1])).toEqual(ARC_PALETTE);
    expect(html).toContain(`const PALETTE = ${JSON.stringify(ARC_PALETTE)};`);
  });

  it('embeds the grids, the best programs, their md5 and outputs', () => {
    const data = embedded(html);
    expect(data.tasks.t1.grids.train[0]).toEqual({ input: ['12', '30'], output: ['21', '03'] });
    expect(data.tasks.t1.programs.map((p: { md5: string }) => p.md5)).toEqual(['a'.repeat(32), 'b'.repeat(32)]);
    expect(data.tasks.t1.programs[1].outputs).toEqual([['30', '12'], null]);
    expect(html).toContain(`best 2000 (t_log 19) ${'a'.repeat(32)}`);
  });

  it('draws the timing as wall and cpu bars, the longest bar full width', () => {
    expect(html).toContain('<svg class="chart phases"');
    const svg = phaseChart(runReport().phases);
    const widths = [...svg.matchAll(/<rect class="(wall|cpu)" x="\d+" y="\d+" width="([\d.]+)"/g)].map((m) => [m[1], Number(m[2])]);
    expect(widths).toHaveLength(6);
    // pool start cpu (200 ms) is the largest value: the full 420 px; its wall (100 ms) half.
    expect(widths[1]).toEqual(['cpu', 420]);
    expect(widths[0]).toEqual(['wall', 210]);
    expect(html).toContain('<svg class="chart slowest"');
    expect(html.indexOf('>t2</text>')).toBeLessThan(html.indexOf('>t1</text>'));
  });

  it('draws solved per round for search, newly solved marked', () => {
    const page = htmlFromReport(searchReport());
    expect(page).toContain('<svg class="chart rounds"');
    const svg = roundsChart(viewFromReport(searchReport()).rounds!, 2);
    expect([...svg.matchAll(/data-solved="(\d+)" data-newly="(\d+)"/g)].map((m) => [m[1], m[2]])).toEqual([['1', '0'], ['1', '0'], ['2', '1']]);
    expect(svg.match(/class="newly"/g)).toHaveLength(1);
  });
});

describe('escaping', () => {
  const evil = 'def solve_t1(I):\n    O = vmirror(I)  # </script><img src=x onerror=alert(1)> & "quotes" \u2028\n    return O\n';

  it('keeps program text inside the data script, intact', () => {
    const html = htmlFromReport(runReport(evil));
    expect(html).not.toContain('</script><img');
    expect(html).not.toContain('<img');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(embedded(html).tasks.t1.programs[0].source).toBe(evil);
  });

  it('escapes task ids, notes and titles in the markup', () => {
    const r = runReport();
    r.tasks[0].id = '<b>x</b>';
    const html = htmlFromReport(r, 'a <title> & more');
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain('<title>a &lt;title&gt; &amp; more</title>');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
    expect(scriptJson({ s: '</script>' })).toBe('{"s":"\\u003c/script>"}');
  });
});

describe('grids in reports', () => {
  it('encode as digit rows and decode back', () => {
    const g = [[0, 1, 2], [9, 8, 7]];
    expect(encodeGrid(g)).toEqual(['012', '987']);
    expect(decodeGrid(encodeGrid(g))).toEqual(g);
  });

  it('best programs: validated ones by score then speed, each with its outputs on every pair', () => {
    const task = { id: 't1', source: '', train: [{ input: [[1, 2]], output: [[2, 1]] }], test: [{ input: [[3, 4]] }] };
    const src = (f: string) => `def solve_t1(I):\n    O = ${f}(I)\n    return O\n`;
    const top = topPrograms(
      [
        { status: 'wrong', score: 0, md5: 'm3', tLog: 20, validated: true, source: src('hmirror') },
        { status: 'ok', score: 1000, md5: 'm2', tLog: 18, validated: true, source: src('vmirror') },
        { status: 'ok', score: 1000, md5: 'm1', tLog: 19, validated: true, source: src('vmirror') },
        { status: 'error', score: 0, md5: 'm4', tLog: 20, validated: true },
        { status: 'ok', score: 1000, validated: false },
      ],
      task,
      1000,
    );
    expect(top.map((p) => p.md5)).toEqual(['m1', 'm2', 'm3']);
    expect(top[0].outputs).toEqual([['21'], ['43']]);
    expect(top[2].outputs).toEqual([['12'], ['34']]);
  });
});
