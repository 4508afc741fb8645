import { readFileSync } from 'node:fs';
import { RegauthError, exitCodeFor, isRegauthError } from '../util/errors.js';
import { HelpRequested, parseCommandLine } from './args.js';
import { COMMAND_NAMES, isCommandName, type CommandName } from './command-table.js';
import { commandHelp, overview, versionText } from './help.js';
import { isTerminal, printJson, processOutput, renderError, renderingEdge, type Output } from './output.js';
import { closest } from './suggest.js';
import { PLAIN_STYLE, terminalStyle } from './symbols.js';

export interface CommandContext {
  argv: string[];
  output: Output;
  env: NodeJS.ProcessEnv;
  /** read lazily: touching process.stdin keeps the event loop alive */
  stdin: () => NodeJS.ReadableStream;
}

/** A command returns its exit code. */
export type Command = (context: CommandContext) => Promise<number>;

/**
 * The commands one entry point can run, each loaded only when run. The full CLI (main.ts) has
 * them all; the entry points for the commands that only read files (main-offline.ts) and for
 * those that ask registries (main-registry.ts) have fewer, so that their start-up reads and
 * compiles none of the rest.
 */
export interface CommandSet {
  commands: Partial<Record<Exclude<CommandName, 'help'>, () => Promise<Command>>>;
  /** `regauth __complete …`, the values completion scripts ask for */
  completeValues?: () => Promise<(argv: string[], output: Output, env: NodeJS.ProcessEnv) => Promise<number>>;
}

/** Values the completion scripts ask for while the user types; not a command of the table. */
const COMPLETE_VALUES = '__complete';

export function usage(): string {
  return overview(PLAIN_STYLE);
}

export function unknownCommand(name: string, program: string, names: readonly string[]): RegauthError {
  const suggestion = closest(name, names);
  return new RegauthError('E_USAGE', `unknown command "${name}"`, {
    hint: suggestion === null ? `run "${program} --help" for the list of commands` : `did you mean "${program} ${suggestion}"?`,
  });
}

/** The command line of an entry point: `regauth COMMAND …` with the commands of `set`. */
export function commandLine(set: CommandSet): (argv: string[], output?: Output) => Promise<number> {
  return (argv, output) => runCommandLine(set, argv, output);
}

async function runCommandLine(set: CommandSet, argv: string[], output?: Output): Promise<number> {
  const debugEnabled = argv.includes('--debug');
  const style = terminalStyle(argv, process.env, isTerminal(1));
  const out = renderingEdge(output ?? processOutput(debugEnabled, style));
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    out.out(overview(style));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    out.out(versionText(await packageVersion()));
    return 0;
  }
  try {
    if (name === COMPLETE_VALUES && set.completeValues !== undefined) return await (await set.completeValues())(rest, out, process.env);
    if (!isCommandName(name)) throw unknownCommand(name, 'regauth', COMMAND_NAMES);
    if (name === 'help') return helpCommand(rest, out);
    const started = Date.now();
    out.debug(`regauth ${name}: node ${process.version}, HOME=${process.env['HOME'] ?? '(unset)'}, DOCKER_CONFIG=${process.env['DOCKER_CONFIG'] ?? '(unset)'}`);
    const implementation = set.commands[name];
    // bin/regauth.js sends an entry point only the commands it has
    if (implementation === undefined) throw new RegauthError('E_INTERNAL', `this entry point does not implement "${name}"`);
    const command = await implementation();
    const code = await command({ argv: rest, output: out, env: process.env, stdin: () => process.stdin });
    out.debug(`regauth ${name}: exit ${code} after ${Date.now() - started} ms`);
    return code;
  } catch (error) {
    if (error instanceof HelpRequested) {
      out.out(isCommandName(name) ? commandHelp(name, style) : error.usage);
      return 0;
    }
    if (argv.includes('--json') && isRegauthError(error)) printJson(out, { error: error.toJSON() });
    out.err(renderError(error));
    if (!isRegauthError(error) && debugEnabled && error instanceof Error && error.stack !== undefined) {
      out.debug(error.stack);
      // the bundle's names are minified (scripts/bundle.mjs); the compiled modules keep them
      if (import.meta.url.endsWith('.bundle.cjs')) out.debug('the same command with REGAUTH_NO_BUNDLE=1 shows this stack with the names of the source');
    }
    return exitCodeFor(error);
  }
}

function helpCommand(argv: string[], out: Output): number {
  const [topic] = parseCommandLine('help', argv).positionals;
  const style = out.style ?? PLAIN_STYLE;
  if (topic === undefined) {
    out.out(overview(style));
    return 0;
  }
  if (!isCommandName(topic)) throw unknownCommand(topic, 'regauth help', COMMAND_NAMES);
  out.out(commandHelp(topic, style));
  return 0;
}

export async function packageVersion(): Promise<string> {
  const text = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
