import type { ImageRef } from '../../../src/reference/model.js';

export function imageRef(registry: string, repository: string, tag: string | null = 'latest'): ImageRef {
  const name = `${registry}/${repository}`;
  return { input: name, registry, repository, tag, digest: null, name, normalized: tag ? `${name}:${tag}` : name };
}
