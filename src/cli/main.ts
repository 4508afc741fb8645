import { RegauthError, exitCodeFor, isRegauthError } from '../util/errors.js';
import { HelpRequested } from './args.js';
import { processOutput, renderError, type Output } from './output.js';

export interface CommandContext {
  argv: string[];
  output: Output;
  env: NodeJS.ProcessEnv;
  /** read lazily: touching process.stdin keeps the event loop alive */
  stdin: () => NodeJS.ReadableStream;
}

/** A command returns its exit code. */
export type Command = (context: CommandContext) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  resolve: { summary: 'which credentials each client sends for an image, and why', load: async () => (await import('./commands/resolve.js')).resolveCommand },
  get: { summary: 'print the credentials a client would send (the one command that prints secrets)', load: async () => (await import('./commands/get.js')).getCommand },
  ls: { summary: 'every entry of every file each client reads (no secrets)', load: async () => (await import('./commands/ls.js')).lsCommand },
  check: { summary: 'prove login, pull and push against the registry', load: async () => (await import('./commands/check.js')).checkCommand },
  doctor: { summary: 'run the whole troubleshooting procedure', load: async () => (await import('./commands/doctor.js')).doctorCommand },
  explain: { summary: 'likely causes of an error message, or the long text of a finding id', load: async () => (await import('./commands/explain.js')).explainCommand },
  fix: { summary: 'repair the config file (backup, atomic write, formatting kept)', load: async () => (await import('./commands/fix.js')).fixCommand },
  login: { summary: 'verify and store credentials where the client will look', load: async () => (await import('./commands/login.js')).loginCommand },
  logout: { summary: 'remove every spelling of a registry from the file and helper', load: async () => (await import('./commands/logout.js')).logoutCommand },
  kube: { summary: 'which pull secret the kubelet uses for each image of pods and workloads, and why not', load: async () => (await import('./commands/kube.js')).kubeCommand },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = [
    'usage: regauth <command> [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    'common options: --json, --config FILE, --debug, --help',
    'exit codes: 0 fine, 1 problem found, 2 usage or input error',
  ];
  return lines.join('\n');
}

export async function main(argv: string[], output?: Output): Promise<number> {
  const debugEnabled = argv.includes('--debug');
  const out = output ?? processOutput(debugEnabled);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out.out(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    out.out(await packageVersion());
    return 0;
  }
  const entry = COMMANDS[name];
  try {
    if (entry === undefined) throw new RegauthError('E_USAGE', `unknown command "${name}"`, { hint: 'run "regauth --help" for the list of commands' });
    const started = Date.now();
    out.debug(`regauth ${name}: node ${process.version}, HOME=${process.env['HOME'] ?? '(unset)'}, DOCKER_CONFIG=${process.env['DOCKER_CONFIG'] ?? '(unset)'}`);
    const command = await entry.load();
    const code = await command({ argv: rest, output: out, env: process.env, stdin: () => process.stdin });
    out.debug(`regauth ${name}: exit ${code} after ${Date.now() - started} ms`);
    return code;
  } catch (error) {
    if (error instanceof HelpRequested) {
      out.out(error.usage);
      return 0;
    }
    if (argv.includes('--json') && isRegauthError(error)) {
      out.out(JSON.stringify({ error: error.toJSON() }, null, 2));
    }
    out.err(renderError(error));
    if (!isRegauthError(error) && debugEnabled && error instanceof Error && error.stack !== undefined) out.debug(error.stack);
    return exitCodeFor(error);
  }
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(new URL('../../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
