import { readFile } from 'node:fs/promises';
import { RegauthError } from '../util/errors.js';
import { parseCommandLine } from './args.js';
import { COMMAND_NAMES, COMMAND_TABLE } from './command-table.js';
import type { Command } from './main.js';

/** The documents whose shape docs/json/ describes: each --json output, and the error every command prints with --json. */
export function schemaNames(): string[] {
  return [...COMMAND_NAMES.filter((name) => COMMAND_TABLE[name].json), 'error'];
}

export function schemaFile(name: string): URL {
  return new URL(`../../../docs/json/${name}.schema.json`, import.meta.url);
}

export const schemaCommand: Command = async ({ argv, output }) => {
  const { positionals } = parseCommandLine('schema', argv);
  const name = positionals[0] ?? '';
  if (!schemaNames().includes(name)) {
    throw new RegauthError('E_USAGE', `no JSON schema for "${name}"`, { hint: `schemas: ${schemaNames().join(', ')}` });
  }
  output.out(await readFile(schemaFile(name), 'utf8'));
  return 0;
};
