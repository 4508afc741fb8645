import { RegauthError } from '../util/errors.js';
import type { ImageRef } from './model.js';

/**
 * Image references parsed and normalised as distribution/reference's ParseNormalizedNamed does
 * (the rules the Docker CLI applies before it looks up credentials).
 */

export const DEFAULT_DOMAIN = 'docker.io';
export const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
const PATH_LENGTH_MAX = 255;

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const host = `(?:${domainName}|${ipv6})`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][a-fA-F0-9]{32,}';
const namePattern = `(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*`;

const referencePattern = new RegExp(`^(${namePattern})(?::(${tag}))?(?:@(${digest}))?$`);
const anchoredName = new RegExp(`^(?:(${domainAndPort})/)?(${pathComponent}(?:/${pathComponent})*)$`);
const anchoredIdentifier = /^[a-f0-9]{64}$/;
const anchoredDomain = new RegExp(`^${domainAndPort}$`);

function invalid(message: string, input: string): RegauthError {
  return new RegauthError('E_REFERENCE_INVALID', message, {
    hint: `"${input}" is not a valid image reference; expected [registry/]repository[:tag][@digest], e.g. alice/app:1.0 or myreg.example.com:5000/team/app`,
  });
}

/** distribution/reference splitDockerDomain: what counts as the registry part of a name. */
export function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = slash === -1 ? '' : name.slice(0, slash);
  if (
    slash === -1 ||
    (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)
  ) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(slash + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return { domain, remainder };
}

const DIGEST_LENGTHS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

function parseCanonical(text: string, input: string): Omit<ImageRef, 'input'> {
  const match = referencePattern.exec(text);
  if (match === null) {
    if (text === '') throw invalid('repository name must have at least one component', input);
    if (referencePattern.test(text.toLowerCase())) throw invalid('repository name must be lowercase', input);
    throw invalid('invalid reference format', input);
  }
  const name = match[1] ?? '';
  // the domain is what the grammar's optional domain part matched: a first component that is no
  // valid host (e.g. "my_reg.example.com") is a path component, and the domain is empty
  const parts = anchoredName.exec(name);
  const registry = parts?.[1] ?? '';
  const repository = parts?.[2] ?? name;
  // distribution/reference 0.6 (Docker 27 and later, the kubelet) limits the path; 0.5 limited
  // the whole name, domain included
  if (repository.length > PATH_LENGTH_MAX) {
    throw invalid(`repository name must not be more than ${PATH_LENGTH_MAX} characters`, input);
  }
  const digestText = match[3] ?? null;
  if (digestText !== null) {
    const [algorithm = '', hex = ''] = digestText.split(':');
    const want = DIGEST_LENGTHS[algorithm];
    if (want === undefined) throw invalid('unsupported digest algorithm', input);
    if (hex.length !== want) throw invalid('invalid checksum digest length', input);
    if (/[A-F]/.test(hex)) throw invalid('invalid checksum digest format', input);
  }
  const tagText = match[2] ?? null;
  return {
    registry,
    repository,
    tag: tagText,
    digest: digestText,
    name,
    normalized: name + (tagText === null ? '' : `:${tagText}`) + (digestText === null ? '' : `@${digestText}`),
  };
}

/**
 * The reference grammar accepts any digits as a port and any dotted digits as a host, and so do
 * the clients' lookups; but no program can connect to `example.com:65536` or
 * `256.256.256.256`. Whatever contacts a registry (and `login`, `logout`, `get` given a bare
 * registry) refuses them as input errors, rather than failing on a URL deep inside a check.
 */
export function checkRegistryAddress(registry: string, input: string = registry): void {
  const port = /:(\d+)$/.exec(registry)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    throw invalid(`invalid port ${port} in "${registry}": ports are 1 to 65535`, input);
  }
  const host = port === undefined ? registry : registry.slice(0, -(port.length + 1));
  if (/^\d+(?:\.\d+){3}$/.test(host) && host.split('.').some((part) => Number(part) > 255)) {
    throw invalid(`invalid IPv4 address ${host}: each part is 0 to 255`, input);
  }
}

/** The last name parsed: one resolution parses the image for several clients. */
let lastParsed: ImageRef | null = null;

/** ParseNormalizedNamed: `alice/app` → docker.io/alice/app, `ubuntu` → docker.io/library/ubuntu. */
export function parseImageRef(input: string): ImageRef {
  if (lastParsed?.input !== input) lastParsed = parseImageRefOnce(input);
  // a copy: callers (and the library's users) get a value of their own
  return { ...lastParsed };
}

function parseImageRefOnce(input: string): ImageRef {
  // taken as given: the clients refuse whitespace around or inside a name ("invalid reference format")
  if (anchoredIdentifier.test(input)) {
    throw invalid(`invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`, input);
  }
  const { domain, remainder } = splitDockerDomain(input);
  const colon = remainder.indexOf(':');
  const remoteName = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remoteName.toLowerCase() !== remoteName) {
    throw invalid(`invalid reference format: repository name (${remoteName}) must be lowercase`, input);
  }
  return { input, ...parseCanonical(`${domain}/${remainder}`, input) };
}

/** True when text is a bare registry host[:port] (no repository), as `login`/`get` accept. */
export function isRegistryHost(text: string): boolean {
  return anchoredDomain.test(text) && (/[.:]/.test(text) || text === 'localhost');
}

/**
 * `get`, `login` and `logout` take a registry or an image. A registry may be given as a URL
 * (`https://index.docker.io/v1/`) or host[:port]; an image is normalised and its domain used.
 */
export function registryFromArgument(argument: string): string {
  const text = argument.trim();
  const withoutScheme = text.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, '');
  if (withoutScheme !== text) {
    const hostPart = withoutScheme.split('/')[0] ?? '';
    checkRegistryAddress(hostPart, argument);
    return normalizeRegistryHost(hostPart);
  }
  if (isRegistryHost(text)) {
    checkRegistryAddress(text, argument);
    return normalizeRegistryHost(text);
  }
  return parseImageRef(text).registry;
}

/** index.docker.io, registry-1.docker.io as typed by users stay distinct hosts except the legacy alias. */
export function normalizeRegistryHost(hostText: string): string {
  return hostText === LEGACY_DEFAULT_DOMAIN ? DEFAULT_DOMAIN : hostText;
}
