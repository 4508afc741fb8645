import { parseGoUrlHost } from '../clients/go-url.js';

/**
 * Image references as crane reads them: go-containerregistry's pkg/name ParseReference with
 * its default options. Its grammar is not distribution/reference's: the first component is a
 * registry only when it is `localhost` or contains `.` or `:` (so `Foo/bar` is a Docker Hub
 * repository, and an invalid one), repositories are lower-case `[a-z0-9_./-]`, and Docker Hub
 * is spelled `index.docker.io`.
 */
export const GGCR_DEFAULT_REGISTRY = 'index.docker.io';
const REGISTRY_ALIAS = 'docker.io';
const REPOSITORY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789_-./';
const TAG_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789_-.ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export type GgcrReference =
  | { ok: true; registry: string; repository: string; tag: string | null; digest: string | null }
  | { ok: false; error: string };

type Step<T> = { ok: true; value: T } | { ok: false; error: string };

function checkElement(kind: string, element: string, allowed: string, min: number, max: number): string | null {
  const runes = [...element];
  if (runes.length < min || runes.length > max) return `${kind} must be between ${min} and ${max} characters in length: ${element}`;
  if (runes.some((rune) => !allowed.includes(rune))) return `${kind} can only contain the characters \`${allowed}\`: ${element}`;
  return null;
}

/** checkRegistry: url.Parse("//" + name) must succeed and give back exactly name as its host. */
function validRegistry(name: string): boolean {
  if (name === '') return true;
  if (/[/?#@%]/.test(name)) return false;
  return parseGoUrlHost(`x://${name}`).ok;
}

function newRepository(name: string): Step<{ registry: string; repository: string }> {
  if (name === '') return { ok: false, error: 'a repository name must be specified' };
  let registry = '';
  let repository = name;
  const slash = name.indexOf('/');
  if (slash !== -1) {
    const first = name.slice(0, slash);
    if (first === 'localhost' || /[.:]/.test(first)) {
      registry = first;
      repository = name.slice(slash + 1);
    }
  }
  const repositoryError = checkElement('repository', repository, REPOSITORY_CHARS, 1, 255);
  if (repositoryError !== null) return { ok: false, error: repositoryError };
  if (!validRegistry(registry)) return { ok: false, error: `registries must be valid RFC 3986 URI authorities: ${registry}` };
  if (registry === '' || registry === REGISTRY_ALIAS) registry = GGCR_DEFAULT_REGISTRY;
  // RepositoryStr: a one-component Hub repository lives in library/
  if (registry === GGCR_DEFAULT_REGISTRY && !repository.includes('/')) repository = `library/${repository}`;
  return { ok: true, value: { registry, repository } };
}

function newTag(name: string): Step<{ registry: string; repository: string; tag: string | null }> {
  let base = name;
  let tag = '';
  const parts = name.split(':');
  const last = parts[parts.length - 1] ?? '';
  if (parts.length > 1 && !last.includes('/')) {
    base = parts.slice(0, -1).join(':');
    tag = last;
    if (tag === '') return { ok: false, error: `${name} must specify a tag name after the colon` };
  }
  if (tag !== '') {
    const tagError = checkElement('tag', tag, TAG_CHARS, 1, 128);
    if (tagError !== null) return { ok: false, error: tagError };
  }
  const repository = newRepository(base);
  if (!repository.ok) return repository;
  return { ok: true, value: { ...repository.value, tag: tag === '' ? null : tag } };
}

function newDigest(name: string): Step<{ registry: string; repository: string; digest: string }> {
  const parts = name.split('@');
  if (parts.length !== 2) return { ok: false, error: `a digest must contain exactly one '@' separator (e.g. registry/repository@digest) saw: ${name}` };
  const [base = '', digest = ''] = parts;
  const digestError = validateDigest(digest);
  if (digestError !== null) return { ok: false, error: `${digestError}: ${digest}` };
  // a tag before the digest is dropped
  const tagged = newTag(base);
  const repository = tagged.ok ? { ok: true as const, value: tagged.value } : newRepository(base);
  if (!repository.ok) return repository;
  return { ok: true, value: { registry: repository.value.registry, repository: repository.value.repository, digest } };
}

/** opencontainers/go-digest Digest.Validate for the algorithms it registers. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
function validateDigest(digest: string): string | null {
  const colon = digest.indexOf(':');
  if (colon <= 0 || colon === digest.length - 1) return 'invalid checksum digest format';
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) return /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*$/.test(algorithm) ? 'unsupported digest algorithm' : 'invalid checksum digest format';
  if (!/^[a-f0-9]+$/.test(hex)) return 'invalid checksum digest format';
  if (hex.length !== length) return 'invalid checksum digest length';
  return null;
}

/** name.ParseReference: a tag reference, else a digest reference, else crane's one error text. */
export function ggcrParseReference(input: string): GgcrReference {
  if (input.startsWith('http://') || input.startsWith('https://')) {
    return { ok: false, error: `image reference must not contain a URL scheme (http:// or https://): ${input}; to connect to a registry over plain HTTP, use name.Insecure` };
  }
  const tagged = newTag(input);
  if (tagged.ok) return { ok: true, ...tagged.value, digest: null };
  const digested = newDigest(input);
  if (digested.ok) return { ok: true, ...digested.value, tag: null };
  return { ok: false, error: `could not parse reference: ${input}` };
}
