import { readCredentialFile } from '../config/read-file.js';
import { parseManifests } from '../config/yaml.js';
import { RegauthError, type ErrorCode } from '../util/errors.js';
import { addObjects, emptyInventory, type KubeInventory } from './objects.js';

/** A whole cluster's `kubectl get … -A -o yaml` is large, but not unbounded. */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

export interface ManifestText {
  /** the file name, or "<stdin>" */
  name: string;
  text: string;
}

/** Parses every input into one inventory; a syntax error stops with file:line:column. */
export function inventoryFrom(inputs: readonly ManifestText[], defaultNamespace: string): KubeInventory {
  const inventory = emptyInventory();
  for (const input of inputs) {
    const parsed = parseManifests(input.text);
    if (!parsed.ok) {
      throw new RegauthError('E_CONFIG_PARSE', parsed.message, {
        file: input.name,
        ...(parsed.pos === null ? {} : { line: parsed.pos.line, column: parsed.pos.column }),
        hint: 'expected kubectl output: `kubectl get pods,serviceaccounts,secrets -n NS -o yaml` (or -o json)',
      });
    }
    addObjects(inventory, input.name, parsed.documents, defaultNamespace);
  }
  return inventory;
}

export async function readManifestFile(path: string): Promise<ManifestText> {
  const file = await readCredentialFile(path, 'pull-secret', { maxBytes: MAX_MANIFEST_BYTES });
  if (!file.exists) throw new RegauthError('E_CONFIG_NOT_FOUND', `${path}: no such file`);
  if (file.ioError !== null) throw new RegauthError(file.ioError.code as ErrorCode, file.ioError.message, { file: path });
  return { name: path, text: file.text };
}

export async function readManifestStream(stream: NodeJS.ReadableStream): Promise<ManifestText> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_MANIFEST_BYTES) throw new RegauthError('E_CONFIG_TOO_LARGE', `standard input is larger than ${MAX_MANIFEST_BYTES} bytes`);
    chunks.push(buffer);
  }
  return { name: '<stdin>', text: Buffer.concat(chunks).toString('utf8') };
}
