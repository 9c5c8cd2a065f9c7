// The HTML report: one self-contained page (inline CSS, inline SVG, one
// inline script, no network) drawn from a ReportView. Charts are drawn here
// as SVG; the task grids are drawn by the page's script when a task is first
// opened, from the data embedded in the page, so 400 tasks stay light.

import { ARC_PALETTE } from './palette.js';
import { CLIENT_SCRIPT } from './client.js';
import type { ReportView, ViewPhase, ViewRound, ViewTask } from './view.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** JSON that is safe inside a <script> element: no '<' (so no '</script>'), no line separators. */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const fmt = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(ms < 1 ? 2 : 1)} ms`);
const num = (n: number) => n.toLocaleString('en-US');

const STATUS_COLOURS: Record<string, string> = { ok: '#2e7d32', wrong: '#757575', error: '#c62828', timeout: '#ef6c00', oom: '#6a1b9a' };

const CSS = `
:root { --fg: #1d1d1f; --muted: #6b6b70; --line: #d8d8dc; --bg: #fafafa; --card: #ffffff; --wall: #1f6feb; --cpu: #f0883e; --good: #2e7d32; --bad: #c62828; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header, main > section { max-width: 1200px; margin: 0 auto; padding: 12px 20px; }
h1 { font-size: 20px; margin: 8px 0; }
h2 { font-size: 16px; margin: 18px 0 8px; }
.summary { margin: 0; padding: 0; list-style: none; color: var(--muted); }
.chips { display: flex; gap: 6px; flex-wrap: wrap; margin: 8px 0; }
.chip { padding: 2px 8px; border-radius: 10px; color: #fff; font-size: 12px; }
.incomplete { color: var(--bad); font-weight: 600; }
table.figures { border-collapse: collapse; font-variant-numeric: tabular-nums; margin-top: 8px; }
table.figures th, table.figures td { padding: 2px 10px; border-bottom: 1px solid var(--line); text-align: right; }
table.figures th:first-child, table.figures td:first-child { text-align: left; }
svg.chart text { font: 11px system-ui, sans-serif; fill: var(--fg); }
svg.chart .wall { fill: var(--wall); } svg.chart .cpu { fill: var(--cpu); } svg.chart .newly { fill: var(--good); } svg.chart .solved { fill: #9ec5fe; }
.legend span { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px; vertical-align: middle; }
#filters { display: flex; gap: 14px; align-items: center; flex-wrap: wrap; padding: 8px 0; position: sticky; top: 0; background: var(--bg); z-index: 1; }
#filters label { cursor: pointer; }
#shown { color: var(--muted); }
details.task { background: var(--card); border: 1px solid var(--line); border-radius: 6px; margin: 4px 0; }
details.task > summary { cursor: pointer; padding: 5px 10px; font-variant-numeric: tabular-nums; }
details.task > summary .id { font-family: ui-monospace, monospace; font-weight: 600; margin-right: 10px; }
details.task > summary .state { display: inline-block; min-width: 70px; font-size: 12px; }
.state-solved { color: var(--good); } .state-unsolved { color: var(--muted); } .state-error { color: var(--bad); }
details.task > summary .note { color: var(--muted); font-family: ui-monospace, monospace; font-size: 12px; }
details.task .body { padding: 6px 12px 12px; }
.pairs { display: flex; flex-direction: column; gap: 10px; }
.pair { display: flex; gap: 14px; align-items: flex-start; flex-wrap: wrap; border-top: 1px dashed var(--line); padding-top: 8px; }
.pair-label { width: 56px; color: var(--muted); font-size: 12px; }
figure.cell { margin: 0; }
figure.cell figcaption { font-size: 11px; color: var(--muted); }
figure.cell.wrong figcaption { color: var(--bad); }
svg.grid { display: block; background: #000; }
svg.grid rect { stroke: #555; stroke-width: 0.5; }
svg.grid rect.diff { fill: none; stroke: #ffffff; stroke-width: 2; stroke-dasharray: 2 1; }
.none { font-size: 12px; color: var(--muted); border: 1px dashed var(--line); padding: 10px; }
.good { color: var(--good); font-weight: 700; } .bad { color: var(--bad); font-weight: 700; }
.program { margin-top: 10px; }
.program .meta { font-family: ui-monospace, monospace; font-size: 12px; }
.program .meta.status-ok { color: var(--good); }
pre.source { background: #f3f3f5; border: 1px solid var(--line); padding: 8px; margin: 4px 0 0; overflow-x: auto; font-size: 12px; }
.palette span { display: inline-block; width: 14px; height: 14px; margin-right: 2px; vertical-align: middle; border: 1px solid #555; }
`;

/** Per phase, wall against CPU as two bars (the --timing table, drawn). */
export function phaseChart(phases: readonly ViewPhase[]): string {
  const labelW = 110, barW = 420, valueW = 160, rowH = 26;
  const max = Math.max(1e-9, ...phases.flatMap((p) => [p.wallMs, p.cpuMs]));
  const rows = phases.map((p, k) => {
    const y = 8 + k * rowH;
    const w = (v: number) => Math.max(1, (v / max) * barW).toFixed(1);
    return (
      `<g class="phase" data-phase="${escapeHtml(p.name)}"><text x="0" y="${y + 14}">${escapeHtml(p.name)}</text>` +
      `<rect class="wall" x="${labelW}" y="${y}" width="${w(p.wallMs)}" height="10"><title>wall ${fmt(p.wallMs)}</title></rect>` +
      `<rect class="cpu" x="${labelW}" y="${y + 11}" width="${w(p.cpuMs)}" height="10"><title>cpu ${fmt(p.cpuMs)}</title></rect>` +
      `<text x="${labelW + barW + 8}" y="${y + 14}">${fmt(p.wallMs)} wall, ${fmt(p.cpuMs)} cpu (${p.wallMs > 0 ? (p.cpuMs / p.wallMs).toFixed(2) : '-'}x)</text></g>`
    );
  });
  const h = 8 + phases.length * rowH;
  return `<svg class="chart phases" xmlns="http://www.w3.org/2000/svg" width="${labelW + barW + valueW + 60}" height="${h}" role="img" aria-label="wall and CPU time per phase">${rows.join('')}</svg>`;
}

function phaseTable(phases: readonly ViewPhase[]): string {
  const total = phases.reduce((t, p) => ({ name: 'total', wallMs: t.wallMs + p.wallMs, taskMs: t.taskMs + p.taskMs, cpuMs: t.cpuMs + p.cpuMs, items: t.items + p.items }), { name: 'total', wallMs: 0, taskMs: 0, cpuMs: 0, items: 0 });
  const row = (p: ViewPhase, tag = 'td') =>
    `<tr>${[p.name, fmt(p.wallMs), fmt(p.taskMs), fmt(p.cpuMs), p.wallMs > 0 ? (p.cpuMs / p.wallMs).toFixed(2) : '-', num(p.items)].map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return `<table class="figures timing"><thead><tr><th>phase</th><th>wall</th><th>task</th><th>cpu</th><th>cpu/wall</th><th>items</th></tr></thead><tbody>${phases.map((p) => row(p)).join('')}${row(total, 'th')}</tbody></table>`;
}

/** The slowest tasks as bars, each linking to its entry. */
export function slowestChart(tasks: readonly ViewTask[], n = 10): string {
  const timed = tasks.filter((t) => t.ms !== undefined).sort((a, b) => b.ms! - a.ms!).slice(0, n);
  if (timed.length === 0) return '';
  const labelW = 90, barW = 420, rowH = 18;
  const max = Math.max(1e-9, timed[0].ms!);
  const rows = timed.map((t, k) => {
    const y = 4 + k * rowH;
    return `<a href="#task-${escapeHtml(t.id)}"><text x="0" y="${y + 11}">${escapeHtml(t.id)}</text><rect class="wall" x="${labelW}" y="${y}" width="${Math.max(1, (t.ms! / max) * barW).toFixed(1)}" height="13"/><text x="${labelW + barW + 8}" y="${y + 11}">${fmt(t.ms!)}</text></a>`;
  });
  return `<svg class="chart slowest" xmlns="http://www.w3.org/2000/svg" width="${labelW + barW + 100}" height="${8 + timed.length * rowH}" role="img" aria-label="slowest tasks">${rows.join('')}</svg>`;
}

/** search: tasks solved per round (newly solved ones in green), with the time at the end of each round. */
export function roundsChart(rounds: readonly ViewRound[], totalTasks: number): string {
  const colW = 70, h = 160, top = 16, base = top + h;
  const max = Math.max(1, totalTasks);
  const cols = rounds.map((r, k) => {
    const x = 40 + k * colW;
    const hs = (r.solved / max) * h, hn = (r.newly / max) * h;
    return (
      `<g class="round" data-solved="${r.solved}" data-newly="${r.newly}"><rect class="solved" x="${x}" y="${(base - hs).toFixed(1)}" width="${colW - 20}" height="${hs.toFixed(1)}"><title>${escapeHtml(r.label)}: ${r.solved} solved</title></rect>` +
      (r.newly > 0 ? `<rect class="newly" x="${x}" y="${(base - hs).toFixed(1)}" width="${colW - 20}" height="${hn.toFixed(1)}"/>` : '') +
      `<text x="${x}" y="${(base - hs - 3).toFixed(1)}">${r.solved}${r.newly > 0 ? ` (+${r.newly})` : ''}</text>` +
      `<text x="${x}" y="${base + 14}">${escapeHtml(r.label)}</text><text x="${x}" y="${base + 28}">${fmt(r.atMs)}</text></g>`
    );
  });
  return `<svg class="chart rounds" xmlns="http://www.w3.org/2000/svg" width="${60 + rounds.length * colW}" height="${base + 36}" role="img" aria-label="tasks solved per round"><text x="0" y="12">solved of ${totalTasks}</text>${cols.join('')}</svg>`;
}

function taskEntry(t: ViewTask, open: boolean): string {
  const ms = t.ms !== undefined ? ` · ${fmt(t.ms)}` : '';
  return (
    `<details class="task" id="task-${escapeHtml(t.id)}" data-id="${escapeHtml(t.id)}" data-state="${t.state}"${open ? ' open' : ''}>` +
    `<summary><span class="id">${escapeHtml(t.id)}</span><span class="state state-${t.state}">${t.newly ? 'new · ' : ''}${t.state}</span><span class="note">${escapeHtml(t.note)}${ms}</span></summary>` +
    `<div class="body"></div></details>`
  );
}

export function renderHtml(view: ReportView, generatedAt = new Date()): string {
  const counts = { solved: 0, unsolved: 0, error: 0 };
  for (const t of view.tasks) counts[t.state]++;
  const chips = view.statuses
    ? `<div class="chips" aria-label="program statuses">${Object.entries(view.statuses)
        .map(([s, n]) => `<span class="chip" data-status="${escapeHtml(s)}" style="background:${STATUS_COLOURS[s] ?? '#555'}">${escapeHtml(s)} ${num(n)}</span>`)
        .join('')}</div>`
    : '';
  const sections: string[] = [];
  if (view.rounds && view.rounds.length > 0) {
    sections.push(`<section id="rounds"><h2>Solved per round</h2>${roundsChart(view.rounds, view.tasks.length)}<div class="legend"><span style="background:#9ec5fe"></span>solved<span style="background:var(--good)"></span>newly solved (not by the library)</div></section>`);
  }
  if (view.phases && view.phases.length > 0) {
    sections.push(
      `<section id="timing"><h2>Timing per phase${view.tasks.length > 1 ? ` (summed over ${view.tasks.length} tasks)` : ''}</h2>` +
        `<div class="legend"><span style="background:var(--wall)"></span>wall<span style="background:var(--cpu)"></span>cpu (process, all threads)</div>${phaseChart(view.phases)}${phaseTable(view.phases)}</section>`,
    );
  }
  if (view.tasks.length > 1 && view.tasks.some((t) => t.ms !== undefined)) sections.push(`<section id="slowest"><h2>Slowest tasks</h2>${slowestChart(view.tasks)}</section>`);
  const data = { tasks: Object.fromEntries(view.tasks.map((t) => [t.id, { grids: t.grids, programs: t.programs }])) };
  const filter = (value: string, label: string, n: number, checked = false) =>
    `<label><input type="radio" name="state" value="${value}"${checked ? ' checked' : ''}> ${label} (${num(n)})</label>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="run-batt">
<title>${escapeHtml(view.title)}</title>
<style>${CSS}</style>
</head>
<body data-kind="${view.kind}">
<header>
<h1>${escapeHtml(view.title)}</h1>
${view.incomplete ? '<p class="incomplete">incomplete: the run was interrupted</p>' : ''}
<ul class="summary">${view.summary.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}<li>written ${escapeHtml(generatedAt.toISOString())}</li></ul>
${chips}
<div class="palette" title="ARC palette 0-9">${ARC_PALETTE.map((c, k) => `<span style="background:${c}" title="${k}"></span>`).join('')}</div>
</header>
<main>
${sections.join('\n')}
<section id="task-list"><h2>Tasks</h2>
<form id="filters" onsubmit="return false">
${filter('all', 'all', view.tasks.length, true)}${filter('solved', 'solved', counts.solved)}${filter('unsolved', 'unsolved', counts.unsolved)}${filter('error', 'errors', counts.error)}
<input id="filter-text" type="search" placeholder="task id" aria-label="filter by task id">
<span id="shown"></span>
</form>
<div id="tasks">
${view.tasks.map((t) => taskEntry(t, view.tasks.length === 1)).join('\n')}
</div>
</section>
</main>
<script type="application/json" id="run-batt-data">${scriptJson(data)}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
