import { createHash } from 'node:crypto';
import { posix } from 'node:path';

/**
 * Which Docker context the CLI connects through, by docker/cli's own order: the `--context` flag,
 * then `--host`/DOCKER_HOST (the built-in "default" context), then DOCKER_CONTEXT, then
 * "currentContext" in config.json, else "default". A named context is a directory
 * `<config dir>/contexts/meta/<sha256 of the name>/meta.json`; when it is missing, every command
 * that talks to the daemon — and `docker login` — stops with `context "NAME": context not found`.
 */
export interface DockerContextChoice {
  name: string;
  /** what chose it */
  source: 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'currentContext' | 'built-in default';
  /** the metadata file of a named context; null for the built-in "default" */
  metaPath: string | null;
}

export const DEFAULT_CONTEXT = 'default';

export function contextMetaPath(configDir: string, name: string): string {
  return posix.join(configDir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'), 'meta.json');
}

export function dockerContextChoice(configDir: string, env: Record<string, string | undefined>, currentContext: string | null): DockerContextChoice {
  const named = (name: string, source: DockerContextChoice['source']): DockerContextChoice => ({
    name,
    source,
    metaPath: name === DEFAULT_CONTEXT ? null : contextMetaPath(configDir, name),
  });
  if ((env['DOCKER_HOST'] ?? '') !== '') return named(DEFAULT_CONTEXT, 'DOCKER_HOST');
  const fromEnv = env['DOCKER_CONTEXT'] ?? '';
  if (fromEnv !== '') return named(fromEnv, 'DOCKER_CONTEXT');
  if (currentContext !== null && currentContext !== '') return named(currentContext, 'currentContext');
  return named(DEFAULT_CONTEXT, 'built-in default');
}
