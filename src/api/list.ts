/**
 * `list`: every credential file each client reads, in the order it reads them, and every entry
 * with where the client really takes its secret from. The `ls` command and `list()` both end in
 * `listInventory`.
 */
import type { ClientId } from '../clients/model.js';
import { listInventory, type ClientInventory } from '../resolve/inventory.js';
import { checkOptions } from './validate.js';
import { clientsOption, LOOKUP_OPTIONS, resolveOptionsOf, type LookupOptions } from './resolve.js';

export interface ListOptions extends LookupOptions {
  /** the clients to list, in this order; default docker, podman, crane and kubelet (containerd only when named) */
  clients?: readonly ClientId[];
}

/** What `regauth ls --json` prints: no secrets, only whether each entry holds one. */
export interface ListResult {
  clients: ClientInventory[];
}

/**
 * Every file and entry each client reads credentials from, without the secrets.
 *
 * @example
 * const { clients } = await list({ clients: ['docker'] });
 * for (const file of clients[0].files) console.log(file.path, file.entries.map((entry) => entry.key));
 */
export async function list(options: ListOptions = {}): Promise<ListResult> {
  checkOptions('list', options, { ...LOOKUP_OPTIONS, clients: 'string-list' });
  const clients = clientsOption('list', options.clients);
  const resolveOptions = resolveOptionsOf('list', options);
  return { clients: await listInventory(clients === undefined ? resolveOptions : { ...resolveOptions, clients }) };
}
