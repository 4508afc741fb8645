import { COMMAND_NAMES, COMMAND_TABLE, type CommandName } from './command-table.js';
import { commandLine, unknownCommand, type CommandSet } from './command-line.js';
import { isTerminal, processOutput, renderError, type Output } from './output.js';
import { OFFLINE_COMMANDS } from './offline-commands.js';
import { REGISTRY_COMMANDS } from './registry-commands.js';
import { terminalStyle } from './symbols.js';

export { packageVersion, usage, type Command, type CommandContext } from './command-line.js';
/** for bin/regauth.js, which ends the process at once when this holds */
export { allOutputWritten } from './output.js';

/** Where each command of the table is implemented; loaded only when run. */
const IMPLEMENTATIONS: Required<CommandSet['commands']> = {
  ...OFFLINE_COMMANDS,
  ...REGISTRY_COMMANDS,
  doctor: async () => (await import('./commands/doctor.js')).doctorCommand,
  explain: async () => (await import('./commands/explain.js')).explainCommand,
  fix: async () => (await import('./commands/fix.js')).fixCommand,
  logout: async () => (await import('./commands/logout.js')).logoutCommand,
  'docker-plugin': async () => (await import('./docker-plugin.js')).dockerPluginCommand,
  completion: async () => (await import('./completion.js')).completionCommand,
  schema: async () => (await import('./schema.js')).schemaCommand,
};

/** `regauth COMMAND …`: every command of the table. */
export const main = commandLine({ commands: IMPLEMENTATIONS, completeValues: async () => (await import('./completion.js')).completeValues });

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
