#!/usr/bin/env node
// Mutation check: plants each defect of mutants.mjs in a scratch copy of the working tree, runs
// the tests meant to catch it there, and reports which were caught and by which test. Writes the
// report to docs/mutation.md. Exit status 1 when a defect was not caught or did not apply.
//
//   node test/mutation/run.mjs [--only ID[,ID]] [--jobs N] [--check]
//
// --check only verifies that every patch applies to the current tree; --only runs the named
// mutants again and replaces their rows in docs/mutation.md.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTANTS } from './mutants.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const only = option('--only')?.split(',');
const jobs = Number(option('--jobs') ?? 2);
const selected = MUTANTS.filter((mutant) => only === undefined || only.includes(mutant.id));

function occurrences(text, find) {
  let count = 0;
  for (let at = text.indexOf(find); at >= 0; at = text.indexOf(find, at + 1)) count += 1;
  return count;
}

function checkApplies(mutant) {
  const text = readFileSync(join(ROOT, mutant.file), 'utf8');
  const count = occurrences(text, mutant.find);
  return count === 1 ? null : `the text to replace occurs ${count} times in ${mutant.file}`;
}

/** The working tree as it is (tracked and untracked, not ignored), dependencies linked. */
function scratchCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'regauth-mutant-'));
  const listed = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter((name) => name.length > 0)) {
    if (!existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(dir, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  mkdirSync(join(dir, '.testbed'));
  symlinkSync(join(ROOT, '.testbed', 'docker20'), join(dir, '.testbed', 'docker20'));
  return dir;
}

function runTests(dir, tests) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(dir, 'scripts', 'test.mjs'), ...tests], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolvePromise({ code, output }));
  });
}

/** The innermost failing tests: the most indented "not ok" lines. */
function failingTests(output) {
  const lines = [...output.matchAll(/^(\s*)not ok \d+ - (.*)$/gm)].map((match) => ({ depth: match[1].length, name: match[2] }));
  if (lines.length === 0) return [];
  const deepest = Math.max(...lines.map((line) => line.depth));
  // a file that timed out as a whole is named by its path: that is no test catching anything
  const names = lines.filter((line) => line.depth === deepest && !line.name.startsWith('/')).map((line) => line.name);
  return [...new Set(names)];
}

async function runMutant(mutant) {
  const problem = checkApplies(mutant);
  if (problem !== null) return { mutant, status: 'did not apply', detail: problem, caughtBy: [] };
  const dir = scratchCopy();
  try {
    const path = join(dir, mutant.file);
    writeFileSync(path, readFileSync(path, 'utf8').replace(mutant.find, () => mutant.replace));
    const started = Date.now();
    const { code, output } = await runTests(dir, mutant.tests);
    const seconds = Math.round((Date.now() - started) / 1000);
    const caughtBy = failingTests(output);
    if (code === 0) return { mutant, status: 'NOT caught', detail: `${mutant.tests.join(' ')} passed (${seconds} s)`, caughtBy };
    const typeErrors = /error TS\d+/.test(output) && caughtBy.length === 0;
    if (typeErrors) return { mutant, status: 'did not compile', detail: output.split('\n').filter((line) => /error TS\d+/.test(line)).slice(0, 3).join(' | '), caughtBy };
    if (caughtBy.length === 0) return { mutant, status: 'NOT caught', detail: `the run failed without a failing test: ${output.trim().split('\n').slice(-3).join(' | ')}`, caughtBy };
    return { mutant, status: 'caught', detail: `${seconds} s`, caughtBy };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runAll(mutants, limit) {
  const results = new Array(mutants.length);
  let next = 0;
  const worker = async () => {
    while (next < mutants.length) {
      const index = next++;
      const mutant = mutants[index];
      process.stdout.write(`mutation: ${mutant.id}: running ${mutant.tests.join(' ')}\n`);
      results[index] = await runMutant(mutant);
      process.stdout.write(`mutation: ${mutant.id}: ${results[index].status}${results[index].caughtBy.length > 0 ? ` by ${results[index].caughtBy.slice(0, 2).join('; ')}` : ''}\n`);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

function escapeCell(text) {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function report(results) {
  const caught = results.filter((result) => result.status === 'caught').length;
  const lines = [
    '# Mutation check',
    '',
    'Each row is a defect planted on purpose in a scratch copy of the tree (a small patch, see',
    '`test/mutation/mutants.mjs`); the tests named for it run there through `scripts/test.mjs`,',
    'testbed and real programs included. A defect counts as caught when at least one test fails.',
    'Run it with `npm run mutation` (it is not part of `npm test`: each row type-checks and',
    'starts a testbed of its own).',
    '',
    `Result: ${caught} of ${results.length} planted defects caught.`,
    '',
    '| defect | patch in | tests run | result | caught by (first failing tests) |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const { mutant, status, detail, caughtBy } of results) {
    const by = caughtBy.slice(0, 3).map((name) => `\`${escapeCell(name)}\``).join('<br>') || escapeCell(detail);
    lines.push(`| **${mutant.id}**: ${escapeCell(mutant.defect)} | \`${mutant.file}\` | ${mutant.tests.map((test) => `\`${test}\``).join(' ')} | ${status} | ${by} |`);
  }
  return `${lines.join('\n')}\n`;
}

if (args.includes('--check')) {
  const problems = selected.map((mutant) => [mutant.id, checkApplies(mutant)]).filter(([, problem]) => problem !== null);
  for (const [id, problem] of problems) process.stderr.write(`mutation: ${id}: ${problem}\n`);
  process.stdout.write(`mutation: ${selected.length - problems.length} of ${selected.length} patches apply\n`);
  process.exit(problems.length === 0 ? 0 : 1);
}

/** With --only, the rows of the mutants run again replace theirs in the existing report. */
function merged(results) {
  const path = join(ROOT, 'docs', 'mutation.md');
  if (only === undefined || !existsSync(path)) return report(results);
  const fresh = new Map(report(results).split('\n').filter((line) => line.startsWith('| **')).map((line) => [line.slice(0, line.indexOf(':')), line]));
  const lines = readFileSync(path, 'utf8').split('\n').map((line) => (line.startsWith('| **') ? (fresh.get(line.slice(0, line.indexOf(':'))) ?? line) : line));
  const rows = lines.filter((line) => line.startsWith('| **'));
  const caught = rows.filter((line) => line.includes(' | caught | ')).length;
  return lines.map((line) => (line.startsWith('Result: ') ? `Result: ${caught} of ${rows.length} planted defects caught.` : line)).join('\n');
}

const results = await runAll(selected, Math.max(1, jobs));
const text = merged(results);
writeFileSync(join(ROOT, 'docs', 'mutation.md'), text);
process.stdout.write(`\n${text}`);
process.exit(results.every((result) => result.status === 'caught') ? 0 : 1);
