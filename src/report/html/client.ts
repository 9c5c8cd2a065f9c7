// The page's own script (inline, no dependencies): draws a task's grids as
// SVG when its entry is first opened, and filters the task list. Kept as
// plain ES2020 text so that the page needs nothing else.

import { ARC_PALETTE } from './palette.js';

export const CLIENT_SCRIPT = String.raw`(() => {
'use strict';
const PALETTE = ${JSON.stringify(ARC_PALETTE)};
const dataEl = document.getElementById('run-batt-data');
const data = JSON.parse(dataEl.textContent);
const NS = 'http://www.w3.org/2000/svg';

function cellSize(h, w) { return Math.max(4, Math.min(20, Math.floor(200 / Math.max(h, w)))); }

// One rect per cell, then a mark on every cell that differs from the expected grid (same shape only).
function gridSvg(rows, expected) {
  const h = rows.length, w = rows[0].length, c = cellSize(h, w);
  const same = Boolean(expected) && expected.length === h && expected[0].length === w;
  const parts = ['<svg xmlns="' + NS + '" class="grid" width="' + (w * c) + '" height="' + (h * c) + '" viewBox="0 0 ' + (w * c) + ' ' + (h * c) + '" data-h="' + h + '" data-w="' + w + '">'];
  const marks = [];
  let diff = 0;
  for (let i = 0; i < h; i++) {
    const row = rows[i];
    for (let j = 0; j < w; j++) {
      const v = row.charCodeAt(j) - 48;
      parts.push('<rect x="' + (j * c) + '" y="' + (i * c) + '" width="' + c + '" height="' + c + '" fill="' + (PALETTE[v] || '#ffffff') + '"/>');
      if (same && expected[i].charCodeAt(j) !== row.charCodeAt(j)) {
        diff++;
        marks.push('<rect class="diff" x="' + (j * c + 1) + '" y="' + (i * c + 1) + '" width="' + (c - 2) + '" height="' + (c - 2) + '"/>');
      }
    }
  }
  parts.push(...marks, '</svg>');
  return { svg: parts.join(''), diff: diff, same: same, h: h, w: w };
}

function figure(caption, cls, inner) {
  return '<figure class="cell ' + cls + '"><figcaption>' + caption + '</figcaption>' + inner + '</figure>';
}

function text(tag, cls, content) {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  el.textContent = content;
  return el;
}

function renderTask(details) {
  if (details.dataset.drawn) return;
  details.dataset.drawn = '1';
  const body = details.querySelector('.body');
  const t = data.tasks[details.dataset.id];
  if (!t) { body.append(text('p', 'none', 'nothing recorded for this task')); return; }
  const html = [];
  if (t.grids) {
    const pairs = t.grids.train.map((p, k) => ({ p: p, label: 'train ' + (k + 1) })).concat(t.grids.test.map((p, k) => ({ p: p, label: 'test ' + (k + 1) })));
    pairs.forEach((x, n) => {
      const p = x.p;
      html.push('<div class="pair" data-pair="' + n + '"><div class="pair-label">' + x.label + '</div>');
      html.push(figure('input ' + p.input.length + 'x' + p.input[0].length, 'input', gridSvg(p.input).svg));
      html.push(p.output ? figure('expected ' + p.output.length + 'x' + p.output[0].length, 'expected', gridSvg(p.output).svg) : figure('expected', 'expected unknown', '<div class="none">unknown</div>'));
      t.programs.forEach((prog, m) => {
        if (!prog.outputs) return;
        const out = prog.outputs[n];
        if (!out) { html.push(figure('#' + (m + 1) + ' <span class="bad">✗</span>', 'output', '<div class="none">no grid</div>')); return; }
        const g = gridSvg(out, p.output);
        let mark = '', what = g.h + 'x' + g.w;
        if (p.output) {
          const ok = g.same && g.diff === 0;
          mark = ok ? ' <span class="good">✓</span>' : ' <span class="bad">✗</span>';
          what = ok ? 'exact' : g.same ? g.diff + ' cell' + (g.diff === 1 ? '' : 's') + ' differ' : 'shape ' + g.h + 'x' + g.w;
        }
        html.push(figure('#' + (m + 1) + mark + ' ' + what, 'output' + (p.output && !(g.same && g.diff === 0) ? ' wrong' : ''), g.svg));
      });
      html.push('</div>');
    });
    const pairsEl = document.createElement('div');
    pairsEl.className = 'pairs';
    pairsEl.innerHTML = html.join('');
    body.append(pairsEl);
  } else {
    body.append(text('p', 'none', 'this report has no grids for this task'));
  }
  t.programs.forEach((prog, m) => {
    const box = document.createElement('div');
    box.className = 'program';
    const meta = ['#' + (m + 1), prog.md5 ? 'md5 ' + prog.md5 : prog.label];
    if (prog.score !== undefined) meta.push('score ' + prog.score);
    meta.push('status ' + prog.status);
    if (prog.tLog !== undefined) meta.push('speed t_log ' + prog.tLog);
    if (prog.ms !== undefined) meta.push(prog.ms.toFixed(2) + ' ms');
    if (prog.error) meta.push(prog.error);
    box.append(text('div', 'meta status-' + prog.status, meta.join('  ·  ')));
    if (prog.source) box.append(text('pre', 'source', prog.source));
    body.append(box);
  });
}

document.addEventListener('toggle', (e) => {
  const d = e.target;
  if (d && d.classList && d.classList.contains('task') && d.open) renderTask(d);
}, true);

function openHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  const d = id && document.getElementById(id);
  if (d && d.classList.contains('task')) { d.hidden = false; d.open = true; renderTask(d); d.scrollIntoView(); }
}
window.addEventListener('hashchange', openHash);

const list = document.getElementById('tasks');
const all = Array.from(list.querySelectorAll('details.task'));
const shown = document.getElementById('shown');
function applyFilter() {
  const state = (document.querySelector('input[name=state]:checked') || { value: 'all' }).value;
  const q = document.getElementById('filter-text').value.trim().toLowerCase();
  let n = 0;
  for (const d of all) {
    const ok = (state === 'all' || d.dataset.state === state) && (!q || d.dataset.id.toLowerCase().includes(q));
    d.hidden = !ok;
    if (ok) n++;
  }
  shown.textContent = n + ' of ' + all.length + ' shown';
}
document.getElementById('filters').addEventListener('input', applyFilter);
applyFilter();
for (const d of all) if (d.open) renderTask(d);
openHash();
document.body.dataset.ready = '1';
})();`;
