import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEdits, type Edit } from '../config/edit.js';
import { readForEdit, safeWrite } from '../config/safe-write.js';
import { RegauthError } from '../util/errors.js';
import { parseCommandLine } from './args.js';
import { COMMAND_TABLE } from './command-table.js';
import { dockerHookLine, splitDockerGlobals, type HookRequest } from './docker-hook.js';
import type { Command } from './main.js';
import { printJson } from './output.js';

/** The Docker CLI finds plugins as cli-plugins/docker-NAME and runs them as `docker-NAME [global options] NAME …`. */
const PLUGIN_NAME = 'regauth';
const PLUGIN_FILE = `docker-${PLUGIN_NAME}`;
const MARKER = '# Docker CLI plugin written by "regauth docker-plugin install"';
/** The commands whose failure the hook explains ("image push" is the long form of "push"). */
export const HOOKED_COMMANDS = ['push', 'pull', 'login', 'image push', 'image pull'];

export function dockerConfigDir(env: NodeJS.ProcessEnv): string {
  const fromEnv = env['DOCKER_CONFIG'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(env['HOME'] ?? homedir(), '.docker');
}

export async function pluginMetadata(): Promise<Record<string, string>> {
  const { packageVersion } = await import('./main.js');
  return {
    SchemaVersion: '0.1.0',
    Vendor: 'regauth',
    Version: await packageVersion(),
    ShortDescription: 'Which credentials docker sends, checked and explained',
    URL: 'https://www.npmjs.com/package/regauth',
  };
}

/** The entry point of `docker-regauth`, as the Docker CLI runs it. */
export async function runAsDockerPlugin(argv: string[], main: (argv: string[]) => Promise<number>): Promise<number> {
  if (argv[0] === 'docker-cli-plugin-metadata') {
    process.stdout.write(`${JSON.stringify(await pluginMetadata(), null, 2)}\n`);
    return 0;
  }
  // the CLI runs hooks as `docker-regauth regauth docker-cli-plugin-hooks JSON`
  if (argv[0] === PLUGIN_NAME && argv[1] === 'docker-cli-plugin-hooks') {
    // a hook must never break the docker command: any failure means saying nothing
    const line = await Promise.resolve()
      .then(() => dockerHookLine(parseHookRequest(argv[2]), process.env))
      .catch(() => null);
    // an empty answer is not JSON, which the Docker CLI takes as "nothing to say"
    if (line !== null) process.stdout.write(JSON.stringify({ Type: 0, Template: line }));
    return 0;
  }
  const { configDir, rest } = splitDockerGlobals(argv);
  if (configDir !== null) process.env['DOCKER_CONFIG'] = configDir;
  const [name, ...commandArgv] = rest;
  if (name !== PLUGIN_NAME) {
    process.stderr.write(`docker-${PLUGIN_NAME}: run it as "docker ${PLUGIN_NAME} COMMAND"\n`);
    return 2;
  }
  return main(commandArgv);
}

function parseHookRequest(text: string | undefined): HookRequest {
  const value = JSON.parse(text ?? '{}') as Partial<HookRequest> | null;
  return {
    RootCmd: typeof value?.RootCmd === 'string' ? value.RootCmd : '',
    Flags: value?.Flags !== null && typeof value?.Flags === 'object' ? value.Flags : {},
    CommandError: typeof value?.CommandError === 'string' ? value.CommandError : '',
  };
}

/**
 * The plugin file. The shell answers what needs no node start-up: the metadata (asked at every
 * `docker --help` and before every hook) and the hook after a command that succeeded (Go's
 * encoding/json writes an empty error as exactly `"CommandError":""`).
 */
async function pluginScript(): Promise<string> {
  const entry = fileURLToPath(new URL('../../../bin/docker-regauth.js', import.meta.url));
  const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;
  return [
    '#!/bin/sh',
    `${MARKER}; "regauth docker-plugin uninstall" removes it.`,
    `if [ "$1" = docker-cli-plugin-metadata ]; then printf '%s\\n' ${quote(JSON.stringify(await pluginMetadata()))}; exit 0; fi`,
    `if [ "$1" = ${PLUGIN_NAME} ] && [ "$2" = docker-cli-plugin-hooks ]; then case "$3" in *'"CommandError":""'*) exit 0 ;; esac; fi`,
    `exec ${quote(process.execPath)} ${quote(entry)} "$@"`,
    '',
  ].join('\n');
}

async function writePlugin(file: string): Promise<boolean> {
  const script = await pluginScript();
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing !== null && !existing.includes(MARKER)) {
    throw new RegauthError('E_USAGE', 'a docker-regauth not written by regauth is in the way; not replacing it', { file });
  }
  if (existing === script) return false;
  await mkdir(dirname(file), { recursive: true, mode: 0o755 });
  const temporary = `${file}.regauth-tmp-${process.pid}`;
  try {
    await writeFile(temporary, script, { mode: 0o755 });
    await chmod(temporary, 0o755);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return true;
}

/** Registers (or removes) the hook in config.json, keeping the file's formatting, with a backup. */
async function editConfig(configFile: string, editsFor: (current: unknown) => Edit[]): Promise<{ changed: boolean; backup: string | null }> {
  const file = await readForEdit(configFile);
  let current: unknown = null;
  try {
    current = file.text === null || file.text.trim() === '' ? null : JSON.parse(file.text);
  } catch {
    // applyEdits reports where the file is broken
  }
  const edits = editsFor(current);
  if (file.text === null && edits.every((edit) => edit.kind === 'remove')) return { changed: false, backup: null };
  const result = applyEdits(file.text ?? '', edits);
  if (!result.changed) return { changed: false, backup: null };
  const written = await safeWrite({ path: configFile, expectedOriginal: file.text, newText: result.text, backup: file.text !== null });
  return { changed: true, backup: written.backupPath };
}

export const dockerPluginCommand: Command = async ({ argv, output, env }) => {
  const { values, positionals } = parseCommandLine('docker-plugin', argv);
  const action = positionals[0];
  if (action !== 'install' && action !== 'uninstall') {
    throw new RegauthError('E_USAGE', `unknown action "${action ?? ''}"`, { hint: `usage: regauth docker-plugin ${COMMAND_TABLE['docker-plugin'].arguments}` });
  }
  const configDir = values.config ?? dockerConfigDir(env);
  const pluginFile = join(configDir, 'cli-plugins', PLUGIN_FILE);
  const configFile = join(configDir, 'config.json');
  const hooks = action === 'install' && values['no-hooks'] !== true;
  let pluginChanged: boolean;
  let config: { changed: boolean; backup: string | null };
  if (action === 'install') {
    pluginChanged = await writePlugin(pluginFile);
    config = await editConfig(configFile, (current) => {
      if (!hooks) return [{ kind: 'remove', path: ['plugins', PLUGIN_NAME] }];
      // hooks are off unless features.hooks (or DOCKER_CLI_HOOKS) says otherwise; a choice already made stays
      const features = (current as { features?: Record<string, unknown> } | null)?.features;
      const chosen = features !== null && typeof features === 'object' && 'hooks' in features;
      return [
        { kind: 'set', path: ['plugins', PLUGIN_NAME, 'hooks'], value: HOOKED_COMMANDS.join(',') },
        ...(chosen ? [] : [{ kind: 'set', path: ['features', 'hooks'], value: 'true' } as const]),
      ];
    });
  } else {
    const existing = await readFile(pluginFile, 'utf8').catch(() => null);
    if (existing !== null && !existing.includes(MARKER)) throw new RegauthError('E_USAGE', 'this docker-regauth was not written by regauth; not removing it', { file: pluginFile });
    pluginChanged = existing !== null;
    await rm(pluginFile, { force: true });
    config = await editConfig(configFile, () => [{ kind: 'remove', path: ['plugins', PLUGIN_NAME] }]);
  }
  if (values.json === true) {
    printJson(output, { action, pluginFile, pluginChanged, configFile, configChanged: config.changed, backup: config.backup, hooks: hooks ? HOOKED_COMMANDS : [] });
    return 0;
  }
  if (action === 'install') {
    output.out(`${pluginChanged ? 'Installed' : 'Already installed:'} ${pluginFile}: "docker ${PLUGIN_NAME} COMMAND" runs regauth`);
    if (hooks) output.out(`Hook registered in ${configFile} for docker ${HOOKED_COMMANDS.join(', ')}: after one fails (on a terminal), a line says what regauth sees`);
  } else {
    output.out(pluginChanged ? `Removed ${pluginFile}` : `Not installed: no ${pluginFile}`);
    if (config.changed) output.out(`Hook registration removed from ${configFile} (features.hooks left as it is)`);
  }
  if (config.backup !== null) output.out(`(backup: ${config.backup})`);
  return 0;
};
