/**
 * Image references as podman, skopeo and buildah read them: containers/image's own copy of the
 * reference grammar (docker/reference, a fork of distribution/reference that the fork's later
 * changes never reached) and the docker:// transport's checks. It differs from the grammar the
 * Docker CLI uses: no IPv6 literals; a first component is a registry only when it holds "." or
 * ":" or is "localhost", so "Foo/bar" and "LOCALDOMAIN/x" are Docker Hub repositories and fail
 * as upper-case; the upper-case message does not repeat the name.
 */

export type ContainersRefResult =
  | { ok: true; registry: string; repository: string; tag: string | null; digest: string | null; name: string }
  | { ok: false; message: string };

const alphaNumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]*)';
const nameComponent = `${alphaNumeric}(?:${separator}${alphaNumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `${domainComponent}(?:\\.${domainComponent})*(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const namePattern = `(?:${domain}/)?${nameComponent}(?:/${nameComponent})*`;
const referenceRegexp = new RegExp(`^(${namePattern})(?::(${tag}))?(?:@(${digestPattern}))?$`);
const anchoredIdentifier = /^[a-f0-9]{64}$/;
export const NAME_TOTAL_LENGTH_MAX = 255;
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** containers/image's rule for a name's first component: a registry when it holds "." or ":" or is "localhost". */
export function namesRegistry(component: string): boolean {
  return /[.:]/.test(component) || component === 'localhost';
}

function splitDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  let result =
    slash === -1 || !namesRegistry(name.slice(0, slash))
      ? { domain: 'docker.io', remainder: name }
      : { domain: name.slice(0, slash), remainder: name.slice(slash + 1) };
  if (result.domain === 'index.docker.io') result = { ...result, domain: 'docker.io' };
  if (result.domain === 'docker.io' && !result.remainder.includes('/')) result = { ...result, remainder: `library/${result.remainder}` };
  return result;
}

/** go-digest Digest.Validate with the algorithms containers/image links in. */
function digestError(text: string): string | null {
  const colon = text.indexOf(':');
  const algorithm = text.slice(0, colon);
  const want = DIGEST_HEX_LENGTH[algorithm];
  if (want === undefined) return 'unsupported digest algorithm';
  const encoded = text.slice(colon + 1);
  if (encoded.length !== want) return 'invalid checksum digest length';
  if (!/^[a-f0-9]+$/.test(encoded)) return 'invalid checksum digest format';
  return null;
}

type ReferenceMatch = Readonly<{ ok: true; name: string; tag: string | null; digest: string | null } | { ok: false; message: string }>;

/** The last name matched: one resolution matches the image's name several times (route, key, lookups). */
let lastMatch: { text: string; match: ReferenceMatch } | null = null;

/** reference.Parse's grammar and checks on a name as given: name, tag and digest, or the library's error. */
function matchReference(text: string): ReferenceMatch {
  if (lastMatch?.text !== text) lastMatch = { text, match: Object.freeze(matchReferenceOnce(text)) };
  return lastMatch.match;
}

function matchReferenceOnce(text: string): { ok: true; name: string; tag: string | null; digest: string | null } | { ok: false; message: string } {
  const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });
  const match = referenceRegexp.exec(text);
  if (match === null) {
    if (text === '') return fail('repository name must have at least one component');
    if (referenceRegexp.test(text.toLowerCase())) return fail('repository name must be lowercase');
    return fail('invalid reference format');
  }
  const name = match[1] ?? '';
  if (name.length > NAME_TOTAL_LENGTH_MAX) return fail(`repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  const digest = match[3] ?? null;
  const problem = digest === null ? null : digestError(digest);
  if (problem !== null) return fail(problem);
  return { ok: true, name, tag: match[2] ?? null, digest };
}

export type ContainersNormalizedResult =
  | { ok: true; name: string; domain: string; tag: string | null; digest: string | null }
  | { ok: false; message: string };

/** ParseNormalizedNamed of containers/image's fork: the name normalised (docker.io, library/), tag and digest as written. */
export function parseContainersNormalizedNamed(input: string): ContainersNormalizedResult {
  const fail = (message: string): ContainersNormalizedResult => ({ ok: false, message });
  if (anchoredIdentifier.test(input)) return fail(`invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`);
  const { domain: registry, remainder } = splitDomain(input);
  const colon = remainder.indexOf(':');
  const remoteName = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remoteName.toLowerCase() !== remoteName) return fail('invalid reference format: repository name must be lowercase');
  const matched = matchReference(`${registry}/${remainder}`);
  if (!matched.ok) return matched;
  return { ok: true, name: matched.name, domain: matched.name.slice(0, matched.name.indexOf('/')), tag: matched.tag, digest: matched.digest };
}

/** ParseNormalizedNamed, then the docker:// transport's own refusals; errors carry the library's text. */
export function parseContainersReference(input: string): ContainersRefResult {
  const parsed = parseContainersNormalizedNamed(input);
  if (!parsed.ok) return parsed;
  const { name, tag, digest } = parsed;
  if (tag !== null && digest !== null) return { ok: false, message: 'Docker references with both a tag and digest are currently not supported' };
  const slash = name.indexOf('/');
  return { ok: true, registry: name.slice(0, slash), repository: name.slice(slash + 1), tag: digest === null ? (tag ?? 'latest') : null, digest, name };
}

const DOMAIN_AND_PATH = new RegExp(`^(?:(${domain})/)?(.*)$`);

export type ContainersNameResult =
  | { ok: true; domain: string; path: string; tag: string | null; digest: string | null }
  | { ok: false; message: string };

/**
 * reference.Parse: the name as written, not normalised (no docker.io, no library/); its domain is
 * the first component when that reads as a host name. registries.conf aliases are checked with it.
 */
export function parseContainersName(input: string): ContainersNameResult {
  const matched = matchReference(input);
  if (!matched.ok) return matched;
  const split = DOMAIN_AND_PATH.exec(matched.name);
  return { ok: true, domain: split?.[1] ?? '', path: split?.[2] ?? matched.name, tag: matched.tag, digest: matched.digest };
}
