import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { COMMAND_NAMES, COMMAND_TABLE } from './command-table.js';
import { kubectlMain, main } from './main.js';
import { manPage } from './man.js';
import type { Output } from './output.js';
import { closest } from './suggest.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

async function capture(run: (output: Output) => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await run({ out: (text) => void stdout.push(text), err: (text) => void stderr.push(text), debug: () => undefined, isTTY: false });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('help from the command table', () => {
  for (const name of COMMAND_NAMES) {
    it(`${name} --help lists every option with its line, the exit codes and two examples`, async () => {
      const help = await capture((output) => main([name, '--help'], output));
      assert.equal(help.code, 0, help.stderr);
      const doc = COMMAND_TABLE[name];
      for (const [option, optionDoc] of Object.entries(doc.options)) {
        const line = help.stdout.split('\n').find((candidate) => candidate.includes(`--${option}`) && candidate.includes(optionDoc.help));
        assert.ok(line !== undefined, `--${option} missing from "regauth ${name} --help"`);
        if ('defaultText' in optionDoc) assert.ok(line.includes(`(default: ${String(optionDoc.defaultText)})`), line);
      }
      for (const [code, meaning] of Object.entries(doc.exitCodes)) assert.match(help.stdout, new RegExp(`^  ${code}  ${meaning.replace(/[()]/g, '\\$&')}$`, 'm'));
      assert.equal(doc.examples.length, 2);
      for (const [command] of doc.examples) assert.ok(help.stdout.includes(`  ${command}\n`), command);
      assert.deepEqual(await capture((output) => main(['help', name], output)), help, '"regauth help X" is "regauth X --help"');
    });
  }

  it('the overview names every command and explains the trace symbols, in ASCII too', async () => {
    const overview = await capture((output) => main(['--help'], output));
    for (const name of COMMAND_NAMES) assert.match(overview.stdout, new RegExp(`^  ${name} +${COMMAND_TABLE[name].summary.slice(0, 20).replace(/[()]/g, '\\$&')}`, 'm'));
    assert.match(overview.stdout, /✓ +this key or helper is the one used +\(ASCII: \+\)/);
    assert.match(overview.stdout, /∅ +looked for and not there +\(ASCII: 0\)/);
  });

  it('did you mean: commands, options and kubectl regauth commands', async () => {
    const command = await capture((output) => main(['resovle', 'alice/app'], output));
    assert.equal(command.code, 2);
    assert.equal(command.stderr, 'regauth: unknown command "resovle"\n  did you mean "regauth resolve"?');
    const option = await capture((output) => main(['check', 'alice/app', '--pussh'], output));
    assert.equal(option.code, 2);
    assert.equal(option.stderr, "regauth: unknown option '--pussh'\n  did you mean --push?  usage: regauth check IMAGE [options]");
    const far = await capture((output) => main(['zzzzzz'], output));
    assert.equal(far.stderr, 'regauth: unknown command "zzzzzz"\n  run "regauth --help" for the list of commands');
    const kube = await capture((output) => kubectlMain(['reslove'], output));
    assert.equal(kube.code, 2);
    assert.match(kube.stderr, /did you mean "kubectl regauth resolve"\?/);
    assert.equal(closest('doctr', ['doctor', 'fix']), 'doctor');
    assert.equal(closest('x', ['doctor', 'fix']), null);
  });

  it('--version names the package version and the modelled client releases', async () => {
    const version = await capture((output) => main(['--version'], output));
    const { version: packageVersion } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout.split('\n')[0], `regauth ${packageVersion}`);
    for (const client of ['docker   Docker CLI ', 'podman ', 'crane ', 'kubelet ']) assert.ok(version.stdout.includes(`\n  ${client}`), client);
  });
});

describe('man page', () => {
  it('man/regauth.1 is what "npm run man" generates from the command table', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(readFileSync(join(ROOT, 'man', 'regauth.1'), 'utf8'), manPage(version), 'run "npm run build && npm run man"');
  });

  it('renders with man -l, every command in it, and groff has no warnings', () => {
    const rendered = spawnSync('man', ['-l', join(ROOT, 'man', 'regauth.1')], { encoding: 'utf8', env: { ...process.env, MANPAGER: 'cat', PAGER: 'cat', MANWIDTH: '100', LANG: 'C.UTF-8' } });
    assert.equal(rendered.status, 0, rendered.stderr);
    assert.match(rendered.stdout, /^REGAUTH\(1\) +User Commands +REGAUTH\(1\)$/m);
    for (const name of COMMAND_NAMES) assert.match(rendered.stdout, new RegExp(`^ {3}regauth ${name}\\b`, 'm'), name);
    assert.match(rendered.stdout, /^ {7}--pull-secret FILE$/m);
    const lint = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z', join(ROOT, 'man', 'regauth.1')], { encoding: 'utf8' });
    assert.equal(lint.status, 0);
    assert.equal(lint.stderr, '');
  });
});
