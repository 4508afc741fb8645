import { NEWEST_MODELLED_DOCKER, formatDockerVersion } from '../clients/versions.js';
import { COMMAND_NAMES, COMMAND_TABLE, COMMON_OPTION_DOCS, commandDoc, usageLine, type CommandName, type OptionDoc } from './command-table.js';
import { symbolLegend, type TerminalStyle } from './symbols.js';

/** `--config FILE`, `-u, --username USER` */
export function optionLabel(name: string, doc: OptionDoc): string {
  const long = `--${name}${doc.value === undefined ? '' : ` ${doc.value}`}${doc.multiple === true ? '...' : ''}`;
  return doc.short === undefined ? `    ${long}` : `-${doc.short}, ${long}`;
}

export function optionLine(_name: string, doc: OptionDoc): string {
  return `${doc.help}${doc.defaultText === undefined ? '' : ` (default: ${doc.defaultText})`}`;
}

function columns(rows: readonly (readonly [string, string])[], indent = '  '): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`);
}

/** The command's own options first, then those every command has. */
export function sortedOptions(name: CommandName): [string, OptionDoc][] {
  const entries: [string, OptionDoc][] = Object.entries(commandDoc(name).options);
  const common = (option: string): number => (Object.hasOwn(COMMON_OPTION_DOCS, option) ? 1 : 0);
  return entries.sort((a, b) => common(a[0]) - common(b[0]));
}

export function exitCodeRows(name: CommandName): [string, string][] {
  return Object.entries(commandDoc(name).exitCodes).map(([code, meaning]) => [code, meaning]);
}

/** `regauth help COMMAND` and `regauth COMMAND --help`. */
export function commandHelp(name: CommandName, style: TerminalStyle): string {
  const doc = commandDoc(name);
  const lines = [`regauth ${name} — ${doc.summary}`, '', `usage: ${usageLine(name)}`, '', 'options:'];
  lines.push(...columns(sortedOptions(name).map(([option, optionDoc]) => [optionLabel(option, optionDoc), optionLine(option, optionDoc)])));
  lines.push('', 'exit codes:', ...columns(exitCodeRows(name)));
  if (name === 'resolve') lines.push('', 'symbols in the trace:', ...symbolLegend(style));
  lines.push('', 'examples:');
  for (const [command, shows] of doc.examples) lines.push(`  ${command}`, `      ${shows}`);
  return lines.join('\n');
}

export function overview(style: TerminalStyle): string {
  return [
    'usage: regauth <command> [options]',
    '',
    'commands:',
    ...columns(COMMAND_NAMES.map((name) => [name, COMMAND_TABLE[name].summary])),
    '',
    'every command: --json, --config FILE, --debug, --no-color, --ascii, --help',
    'exit codes: 0 fine, 1 problem found, 2 usage or input error',
    '',
    'symbols:',
    ...symbolLegend(style),
    '',
    'run "regauth help COMMAND" for its options and examples',
  ].join('\n');
}

/** What the client models stand for; `--version` prints it. */
export function versionText(version: string): string {
  return [
    `regauth ${version}`,
    'models (checked against the real programs and their Go code):',
    `  docker   Docker CLI ${formatDockerVersion(NEWEST_MODELLED_DOCKER)} by default; --docker-version selects the rules of older releases down to 1.x`,
    '  podman   podman, skopeo and buildah (containers/image auth files, registries.d helpers)',
    '  crane    go-containerregistry authn.DefaultKeychain',
    '  kubelet  the kubelet\'s pull-secret keyring (.dockerconfigjson / .dockercfg)',
  ].join('\n');
}
