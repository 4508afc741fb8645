import { parseArgs, type ParseArgsConfig } from 'node:util';
import { RegauthError } from '../util/errors.js';
import { commandSpec, COMMAND_TABLE, type CommandName } from './command-table.js';
import { closest } from './suggest.js';

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs<V> {
  values: V;
  positionals: string[];
}

type PlainValues = Record<string, string | boolean | Array<string | boolean>>;

/**
 * What parseArgs (strict, positionals allowed) gives for arguments of the shapes people type:
 * words that do not start with "-", and known long options as `--flag`, `--name=value` or
 * `--name value`. null for anything else (short options, "--", unknown or ambiguous options),
 * which parseArgs itself then reads, with its own errors. Loading and running parseArgs costs
 * each start ~0.5 ms.
 */
export function parsePlainArgs(argv: readonly string[], options: OptionSpec): ParsedArgs<PlainValues> | null {
  const values = Object.create(null) as PlainValues;
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg: unknown = argv[index];
    // the library's callers are not type-checked: parseArgs reads anything else as it always did
    if (typeof arg !== 'string') return null;
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--') || arg.length === 2) return null;
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const option = Object.hasOwn(options, name) ? options[name] : undefined;
    if (option === undefined) return null;
    let value: string | boolean;
    if (option.type === 'boolean') {
      if (equals !== -1) return null;
      value = true;
    } else if (equals !== -1) {
      value = arg.slice(equals + 1);
    } else {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('-')) return null;
      value = next;
      index += 1;
    }
    if (option.multiple === true) {
      const list = values[name];
      if (Array.isArray(list)) list.push(value);
      else values[name] = [value];
    } else {
      values[name] = value;
    }
  }
  return { values, positionals };
}

/** node:util parseArgs with usage errors turned into E_USAGE. */
export function parseCommandArgs<O extends OptionSpec>(argv: string[], options: O, usage: string): ParsedArgs<ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; args: string[] }>>['values']> {
  const plain = parsePlainArgs(argv, options);
  if (plain !== null) return plain as ReturnType<typeof parseCommandArgs<O>>;
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    const message = (error instanceof Error ? error.message.split('\n')[0] ?? 'invalid arguments' : 'invalid arguments').replace(/\. To specify a positional argument.*$/, '');
    const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(message);
    const suggestion = unknown === null ? null : closest(unknown[2] ?? '', Object.keys(options));
    const hint = suggestion === null ? `usage: ${usage}` : `did you mean --${suggestion}?  usage: ${usage}`;
    throw new RegauthError('E_USAGE', message.replace(/^Unknown option/, 'unknown option'), { hint });
  }
}

/** `--help`: the command's usage goes to stdout and the exit code is 0 (main catches this). */
export class HelpRequested extends Error {
  constructor(readonly usage: string) {
    super(usage);
    this.name = 'HelpRequested';
  }
}

/** Parses a command's arguments: `--help` ends the command with its usage; too few or many positionals are usage errors. */
export function parseCommand<O extends OptionSpec>(
  argv: string[],
  options: O,
  usage: string,
  minPositionals: number,
  maxPositionals: number,
): ReturnType<typeof parseCommandArgs<O>> {
  const parsed = parseCommandArgs(argv, options, usage);
  if ((parsed.values as { help?: boolean }).help === true) throw new HelpRequested(usage);
  requirePositionals(parsed.positionals, minPositionals, maxPositionals, usage);
  return parsed;
}

export function requirePositionals(positionals: string[], min: number, max: number, usage: string): void {
  if (positionals.length < min) throw new RegauthError('E_USAGE', 'missing argument', { hint: `usage: ${usage}` });
  if (positionals.length > max) {
    throw new RegauthError('E_USAGE', `unexpected argument "${positionals[max]}"`, { hint: `usage: ${usage}` });
  }
}

export function parseSeconds(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 3600) {
    throw new RegauthError('E_USAGE', `${name} must be a number of seconds between 0 and 3600, got "${text}"`);
  }
  return value;
}

type OptionValue<D> = D extends { type: 'boolean' } ? (D extends { multiple: true } ? boolean[] : boolean) : D extends { multiple: true } ? string[] : string;

/** What parsing gives for each option of a command of the table. */
export type OptionValues<N extends CommandName> = { -readonly [K in keyof (typeof COMMAND_TABLE)[N]['options']]?: OptionValue<(typeof COMMAND_TABLE)[N]['options'][K]> };

/** Parses a command's arguments as the command table declares them. */
export function parseCommandLine<N extends CommandName>(name: N, argv: string[]): ParsedArgs<OptionValues<N>> {
  const { options, usage } = commandSpec(name);
  const doc = COMMAND_TABLE[name];
  const parsed = parseCommand(argv, options as OptionSpec, usage, doc.minArguments, doc.maxArguments);
  return parsed as unknown as ParsedArgs<OptionValues<N>>;
}
