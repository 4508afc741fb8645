import { PLAIN_STYLE, mark, type TerminalStyle } from '../symbols.js';
import { registryOfKey } from '../../clients/keys.js';
import { listInventory, type ClientInventory } from '../../resolve/inventory.js';
import { parseCommandLine } from '../args.js';
import type { Command } from '../main.js';
import { printJson } from '../output.js';
import { resolveOptionsFrom } from '../resolve-options.js';

export const lsCommand: Command = async ({ argv, output, env }) => {
  const { values, positionals } = parseCommandLine('ls', argv);
  const options = resolveOptionsFrom(values, env);
  // one context: the files inventory read are the ones the resolvers decide from, read once
  const clients = await listInventory(options);
  if (values.json === true) printJson(output, { clients });
  else output.out(renderInventory(clients, output.style ?? PLAIN_STYLE));
  return 0;
};

export function renderInventory(clients: ClientInventory[], style: TerminalStyle = PLAIN_STYLE): string {
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
      for (const helper of file.credHelpers) lines.push(`    credHelpers ${helper.key} ${mark('arrow', style)} ${helper.helper}  [line ${helper.line}]`);
      for (const entry of file.entries) {
        const ignored = entry.fileSecretIgnored === true ? '; the secret in the file is not used' : '';
        const where =
          entry.secretIn === 'helper'
            ? entry.helperHas === false
              ? `${client} asks docker-credential-${entry.helper}, which has none for "${entry.lookupKey ?? entry.key}"${ignored}`
              : `secret in docker-credential-${entry.helper}${ignored}`
            : entry.secretIn === 'file'
              ? 'secret in the file'
              : 'no secret';
        const unused = entry.used === false ? `, not used by ${client} (another key or a helper decides for ${registryOfKey(entry.key)})` : '';
        lines.push(`    ${entry.key}  user ${entry.username ?? '(none)'}, ${where}${unused}  [line ${entry.line}]`);
      }
      for (const warning of file.warnings) lines.push(`    ! ${warning.line === undefined ? '' : `line ${warning.line}: `}${warning.message}`);
    }
  }
  return lines.join('\n');
}
