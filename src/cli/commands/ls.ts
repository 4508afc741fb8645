import { inventory, type ClientInventory } from '../../resolve/inventory.js';
import { parseCommand } from '../args.js';
import type { Command } from '../main.js';
import { printJson } from '../output.js';
import { RESOLVE_OPTIONS, resolveOptionsFrom } from '../resolve-options.js';

const USAGE = 'regauth ls [--client ID]... [--config FILE] [--json]';

export const lsCommand: Command = async ({ argv, output, env }) => {
  const { values, positionals } = parseCommand(argv, RESOLVE_OPTIONS, USAGE, 0, 0);
  const clients = await inventory(resolveOptionsFrom(values, env));
  if (values.json === true) printJson(output, { clients });
  else output.out(renderInventory(clients));
  return 0;
};

export function renderInventory(clients: ClientInventory[]): string {
  const lines: string[] = [];
  for (const { client, files, registriesConf } of clients) {
    lines.push(`${client}:`);
    if (registriesConf !== undefined) {
      lines.push(`  credential-helpers: ${registriesConf.credentialHelpers.join(', ')}${registriesConf.error === null ? '' : `  (error: ${registriesConf.error})`}`);
      for (const conf of registriesConf.files.filter((item) => item.exists || item.error !== null)) {
        const state = conf.error !== null ? `error: ${conf.error}` : conf.credentialHelpers === null ? 'no credential-helpers' : `credential-helpers = [${conf.credentialHelpers.join(', ')}]  [line ${conf.line ?? '?'}]`;
        lines.push(`  ${conf.path}  (registries.conf ${conf.role}; ${state})`);
      }
    }
    if (files.length === 0) lines.push('  (no file)');
    for (const file of files) {
      const state = file.error !== null ? `error: ${file.error}` : file.exists ? `${file.entries.length} entr${file.entries.length === 1 ? 'y' : 'ies'}` : 'absent';
      lines.push(`  ${file.path}  (${state})`);
      if (file.credsStore !== null) lines.push(`    credsStore: ${file.credsStore}`);
      for (const helper of file.credHelpers) lines.push(`    credHelpers ${helper.key} → ${helper.helper}  [line ${helper.line}]`);
      for (const entry of file.entries) {
        const where = entry.secretIn === 'helper' ? `secret in docker-credential-${entry.helper}` : entry.secretIn === 'file' ? 'secret in the file' : 'no secret';
        lines.push(`    ${entry.key}  user ${entry.username ?? '(none)'}, ${where}  [line ${entry.line}]`);
      }
      for (const warning of file.warnings) lines.push(`    ! ${warning.line === undefined ? '' : `line ${warning.line}: `}${warning.message}`);
    }
  }
  return lines.join('\n');
}
