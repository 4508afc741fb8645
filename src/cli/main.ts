import { readFileSync } from 'node:fs';
import { RegauthError, exitCodeFor, isRegauthError } from '../util/errors.js';
import { HelpRequested, parseCommandLine } from './args.js';
import { COMMAND_NAMES, COMMAND_TABLE, isCommandName, type CommandName } from './command-table.js';
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

/** Where each command of the table is implemented; loaded only when run. */
const IMPLEMENTATIONS: Record<Exclude<CommandName, 'help'>, () => Promise<Command>> = {
  resolve: async () => (await import('./commands/resolve.js')).resolveCommand,
  get: async () => (await import('./commands/get.js')).getCommand,
  ls: async () => (await import('./commands/ls.js')).lsCommand,
  check: async () => (await import('./commands/check.js')).checkCommand,
  doctor: async () => (await import('./commands/doctor.js')).doctorCommand,
  explain: async () => (await import('./commands/explain.js')).explainCommand,
  fix: async () => (await import('./commands/fix.js')).fixCommand,
  login: async () => (await import('./commands/login.js')).loginCommand,
  logout: async () => (await import('./commands/logout.js')).logoutCommand,
  'docker-plugin': async () => (await import('./docker-plugin.js')).dockerPluginCommand,
  completion: async () => (await import('./completion.js')).completionCommand,
  schema: async () => (await import('./schema.js')).schemaCommand,
  kube: async () => (await import('./commands/kube.js')).kubeCommand,
};

/** Values the completion scripts ask for while the user types; not a command of the table. */
const COMPLETE_VALUES = '__complete';

export function usage(): string {
  return overview(PLAIN_STYLE);
}

function unknownCommand(name: string, program: string, names: readonly string[]): RegauthError {
  const suggestion = closest(name, names);
  return new RegauthError('E_USAGE', `unknown command "${name}"`, {
    hint: suggestion === null ? `run "${program} --help" for the list of commands` : `did you mean "${program} ${suggestion}"?`,
  });
}

export async function main(argv: string[], output?: Output): Promise<number> {
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
    if (name === COMPLETE_VALUES) return await (await import('./completion.js')).completeValues(rest, out, process.env);
    if (!isCommandName(name)) throw unknownCommand(name, 'regauth', COMMAND_NAMES);
    if (name === 'help') return helpCommand(rest, out);
    const started = Date.now();
    out.debug(`regauth ${name}: node ${process.version}, HOME=${process.env['HOME'] ?? '(unset)'}, DOCKER_CONFIG=${process.env['DOCKER_CONFIG'] ?? '(unset)'}`);
    const command = await IMPLEMENTATIONS[name]();
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

/** The commands of the table that work with Kubernetes pull secrets. */
export function kubeCommands(): CommandName[] {
  return COMMAND_NAMES.filter((name) => (COMMAND_TABLE[name] as { kube?: boolean }).kube === true);
}

/**
 * `kubectl regauth COMMAND …`: the commands the table marks `kube`, resolving for the kubelet
 * unless another client is named.
 */
export async function kubectlMain(argv: string[], output?: Output): Promise<number> {
  const out = output ?? processOutput(argv.includes('--debug'), terminalStyle(argv, process.env, isTerminal(1)));
  const commands = kubeCommands();
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const width = Math.max(...commands.map((command) => command.length));
    out.out([
      'usage: kubectl regauth <command> [options]',
      '',
      'which registry credentials the kubelet uses for an image, from pull secrets given with --pull-secret FILE',
      '',
      'commands:',
      ...commands.map((command) => `  ${command.padEnd(width)}  ${COMMAND_TABLE[command].summary}`),
      '',
      'run "kubectl regauth COMMAND --help" for its options',
    ].join('\n'));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') return main(argv, out);
  if (!(commands as string[]).includes(name)) {
    out.err(renderError(unknownCommand(name, 'kubectl regauth', commands)));
    return 2;
  }
  const takesClient = Object.hasOwn(COMMAND_TABLE[name as CommandName].options, 'client');
  const namesClient = rest.some((argument) => argument === '--client' || argument.startsWith('--client='));
  return main([name, ...rest, ...(takesClient && !namesClient ? ['--client', 'kubelet'] : [])], out);
}

export async function dockerPluginMain(argv: string[]): Promise<number> {
  return (await import('./docker-plugin.js')).runAsDockerPlugin(argv, main);
}

export async function packageVersion(): Promise<string> {
  const text = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
