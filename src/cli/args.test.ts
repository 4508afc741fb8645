import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { parsePlainArgs } from './args.js';
import { commandSpec, type CommandName } from './command-table.js';

const WORDS = [
  'alice/app', 'docker.io', '', 'podman', '-', '--', '-h', '-x', '-podman', '--json', '--json=1', '--json=', '--client', '--client=podman',
  '--client=', '--unknown', '--unknown=1', '--pull-secret', '--pull-secret=a.yaml', '--config', '--config=', '--help', '--no-color',
  '--debug=x', '--timeout', '--timeout=5', '--password-stdin', '--username', '--=x', '---json', '--help=',
];

describe('parsePlainArgs', () => {
  for (const command of ['resolve', 'login', 'check', 'get'] as const satisfies readonly CommandName[]) {
    it(`answers as parseArgs does whenever it answers (${command}'s options)`, () => {
      const { options } = commandSpec(command);
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }), (argv) => {
          const plain = parsePlainArgs(argv, options);
          if (plain === null) return;
          const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
          assert.deepEqual(plain, { values: parsed.values, positionals: parsed.positionals });
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('reads the command lines people type without parseArgs', () => {
    const { options } = commandSpec('resolve');
    assert.deepEqual(parsePlainArgs(['alice/app', '--json', '--client', 'podman', '--client=crane'], options), {
      values: Object.assign(Object.create(null) as object, { json: true, client: ['podman', 'crane'] }),
      positionals: ['alice/app'],
    });
    for (const argv of [['-h'], ['--', 'alice/app'], ['--clinet', 'podman'], ['--client', '--json'], ['--json=yes'], ['--client']]) {
      assert.equal(parsePlainArgs(argv, options), null, argv.join(' '));
    }
  });
});
