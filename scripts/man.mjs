#!/usr/bin/env node
// Writes man/regauth.1 from the command table (after `npm run build`); a test checks it is current.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { manPage } = await import(join(ROOT, 'dist', 'src', 'cli', 'man.js'));
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
mkdirSync(join(ROOT, 'man'), { recursive: true });
writeFileSync(join(ROOT, 'man', 'regauth.1'), manPage(version));
