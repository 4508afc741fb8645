#!/usr/bin/env node
// Regenerates docs/fidelity.md: builds the oracles, runs every fidelity suite
// (test/fidelity/suites.ts) and writes its rows to docs/fidelity/<suite>.json, then renders the
// table from all docs/fidelity/*.json (format: test/fidelity/report.ts). Run `npm run fidelity`.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const built = spawnSync(process.execPath, [join(ROOT, 'test', 'oracles', 'build.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(1);
const { runFidelitySuites } = await import(join(ROOT, 'dist', 'test', 'fidelity', 'suites.js'));
const { renderFidelityMarkdown, writeFidelityFile } = await import(join(ROOT, 'dist', 'test', 'fidelity', 'report.js'));
const docs = join(ROOT, 'docs');
for (const { name, file } of await runFidelitySuites()) writeFidelityFile(docs, name, file);
writeFileSync(join(docs, 'fidelity.md'), `${renderFidelityMarkdown(docs)}\n`);
process.stdout.write('fidelity: wrote docs/fidelity.md\n');
