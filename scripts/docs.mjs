// Writes docs/primitives.md from the registry (run after `npm run build`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { primitivesMarkdown } from '../dist/dsl/docs.js';

mkdirSync('docs', { recursive: true });
writeFileSync('docs/primitives.md', primitivesMarkdown());
console.log('wrote docs/primitives.md');
