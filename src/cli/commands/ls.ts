import { PLAIN_STYLE, mark, type TerminalStyle } from '../symbols.js';
import { registryOfKey } from '../../clients/keys.js';
import { inventory, type ClientInventory, type InventoryEntry } from '../../resolve/inventory.js';
import { type ResolveContext, resolveContext, resolveFor } from '../../resolve/resolve.js';
import { parseCommandLine } from '../args.js';
import type { Command } from '../main.js';
import { printJson } from '../output.js';
import { resolveOptionsFrom } from '../resolve-options.js';

export const lsCommand: Command = async ({ argv, output, env }) => {
  const { values, positionals } = parseCommandLine('ls', argv);
  const options = resolveOptionsFrom(values, env);
  // one context: the files inventory read are the ones the resolvers decide from, read once
  const context = resolveContext(options);
  const clients = await whereSecretsAre(await inventory(options, context), context);
  if (values.json === true) printJson(output, { clients });
  else output.out(renderInventory(clients, output.style ?? PLAIN_STYLE));
  return 0;
};

/** An inventory entry, with where the client really takes the secret for it from. */
export interface ListedEntry extends InventoryEntry {
  /** false: the client never uses this entry (another key, or a helper, decides for its registry) */
  used?: boolean;
  /** with the secret in a helper: whether the helper answered with credentials for `lookupKey` */
  helperHas?: boolean;
  lookupKey?: string;
  /** the entry itself holds a secret the client does not use */
  fileSecretIgnored?: boolean;
}

/**
 * Where Docker and crane take each entry's secret from is the resolver's answer for the entry's
 * registry (as \`get\` asks it), not a second reading of credsStore and credHelpers.
 */
async function whereSecretsAre(clients: ClientInventory[], context: ResolveContext): Promise<ClientInventory[]> {
  for (const { client, files } of clients) {
    if (client !== 'docker' && client !== 'crane') continue;
    for (const file of files) {
      for (const entry of file.entries as ListedEntry[]) {
        const resolution = await resolveFor(client, { registry: registryOfKey(entry.key), repository: null }, context);
        if (resolution.source === 'helper' && resolution.helper !== null) {
          entry.fileSecretIgnored = entry.secretPresent;
          entry.secretIn = 'helper';
          entry.helper = resolution.helper;
          entry.used = true;
          entry.helperHas = resolution.credentials !== null;
          entry.lookupKey = resolution.key ?? entry.key;
        } else {
          entry.used = resolution.key === entry.key && resolution.configFile === file.path;
          entry.secretIn = entry.secretPresent ? 'file' : 'none';
          entry.helper = null;
        }
      }
    }
  }
  return clients;
}

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
        const listed = entry as ListedEntry;
        const ignored = listed.fileSecretIgnored === true ? '; the secret in the file is not used' : '';
        const where =
          entry.secretIn === 'helper'
            ? listed.helperHas === false
              ? `${client} asks docker-credential-${entry.helper}, which has none for "${listed.lookupKey ?? entry.key}"${ignored}`
              : `secret in docker-credential-${entry.helper}${ignored}`
            : entry.secretIn === 'file'
              ? 'secret in the file'
              : 'no secret';
        const unused = (entry as ListedEntry).used === false ? `, not used by ${client} (another key or a helper decides for ${registryOfKey(entry.key)})` : '';
        lines.push(`    ${entry.key}  user ${entry.username ?? '(none)'}, ${where}${unused}  [line ${entry.line}]`);
      }
      for (const warning of file.warnings) lines.push(`    ! ${warning.line === undefined ? '' : `line ${warning.line}: `}${warning.message}`);
    }
  }
  return lines.join('\n');
}
