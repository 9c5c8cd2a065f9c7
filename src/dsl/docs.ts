// Reference documentation generated from the registry (docs/primitives.md,
// `run-batt primitives`): the names, groups and signatures come from one place.

import { registry, type Group } from './registry.js';
import { constantTable } from './constants.js';
import { toCanonical } from './values.js';
import { GROUP_TITLES } from './groups.js';


export function primitivesMarkdown(): string {
  const out: string[] = [
    '# ARC-DSL primitives',
    '',
    '<!-- Generated from src/dsl/registry.ts by `npm run docs`; do not edit by hand. -->',
    '',
    `${registry.size} primitives and ${constantTable.size} constants. Semantics: \`../shared/dsl/PRIMITIVES.md\`.`,
    '',
  ];
  for (const group of Object.keys(GROUP_TITLES) as Group[]) {
    const prims = [...registry.values()].filter((p) => p.group === group);
    out.push(`## ${GROUP_TITLES[group]} (${prims.length})`, '', '| primitive | signature |', '|---|---|');
    for (const p of prims) out.push(`| \`${p.name}\` | \`${p.signature}\` |`);
    out.push('');
  }
  out.push('## Constants', '', '| name | value | type |', '|---|---|---|');
  for (const c of constantTable.values()) out.push(`| \`${c.name}\` | \`${toCanonical(c.value)}\` | ${c.type} |`);
  out.push('');
  return out.join('\n');
}
