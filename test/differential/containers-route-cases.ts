/**
 * registries.conf cases for the routing decision: search lists, aliases, mirrors, prefixes with
 * wildcards, blocked registries, short-name modes, and files containers/image refuses. Each case
 * is one main registries.conf, optional files in registries.conf.d (the *.conf ones are read, in
 * name order, after it), an optional podman alias cache, and the image with the way it is used.
 */
export interface RouteCase {
  id: string;
  main: string;
  /** by file name; a name ending in "/" is a directory (holding the text as inner.conf) */
  dropIns?: Record<string, string>;
  userAliases?: string;
  image: string;
  /** pull: podman/buildah (short names resolved); transport: skopeo's docker:// parsing; push */
  op: 'pull' | 'transport' | 'push';
}

const SEARCH_TWO = 'unqualified-search-registries = ["myreg.example.com", "other.example.com"]\n';
const HUB_MIRROR = `
[[registry]]
prefix = "docker.io"
location = "docker.io"

[[registry.mirror]]
location = "mirror.example.com/hub"

[[registry.mirror]]
location = "mirror2.example.com:5000"
insecure = true
`;
const PREFIX_REWRITE = `
[[registry]]
prefix = "example.com/foo"
location = "internal.example.com/bar"

[[registry.mirror]]
location = "cache.example.com/foo-cache"
`;
const WILDCARD = `
[[registry]]
prefix = "*.example.com"
location = "proxy.example.net"

[[registry]]
prefix = "*.internal.example.com"
blocked = true
`;

// the version-1 format (containers/image pkg/sysregistriesv2 testdata/v1-compatibility.conf in shape)
const V1_SEARCH = '[registries.search]\nregistries = ["myreg.example.com////", "other.example.com"]\n';
const V1_FULL = `${V1_SEARCH}
[registries.block]
registries = ["b.example.com"]

[registries.insecure]
registries = ["b.example.com////", "d.example.com", "e.example.com", "myreg.example.com"]
`;
const V1_EMPTY = '[registries.search]\nregistries = []\n[registries.block]\nregistries = []\n[registries.insecure]\nregistries = []\n';

export const ROUTE_CASES: readonly RouteCase[] = [
  // short names
  { id: 'search-two-permissive', main: SEARCH_TWO, image: 'app', op: 'pull' },
  { id: 'search-two-enforcing', main: `${SEARCH_TWO}short-name-mode = "enforcing"\n`, image: 'app', op: 'pull' },
  { id: 'search-two-disabled', main: `${SEARCH_TWO}short-name-mode = "disabled"\n`, image: 'team/app:1.0', op: 'pull' },
  { id: 'search-one-enforcing', main: 'unqualified-search-registries = ["myreg.example.com"]\nshort-name-mode = "enforcing"\n', image: 'app', op: 'pull' },
  { id: 'search-none', main: '', image: 'app', op: 'pull' },
  { id: 'search-none-dropin-mode', main: '', dropIns: { '10-mode.conf': 'short-name-mode = "enforcing"\n' }, image: 'app', op: 'pull' },
  { id: 'search-from-dropin', main: SEARCH_TWO, dropIns: { '50-search.conf': 'unqualified-search-registries = ["quay.io"]\n' }, image: 'app', op: 'pull' },
  { id: 'search-emptied-by-dropin', main: SEARCH_TWO, dropIns: { '50-search.conf': 'unqualified-search-registries = []\n' }, image: 'app', op: 'pull' },
  { id: 'search-only-in-dropin', main: '# nothing\n', dropIns: { '01.conf': 'unqualified-search-registries = ["docker.io"]\n' }, image: 'alpine', op: 'pull' },
  { id: 'search-docker-io-library', main: 'unqualified-search-registries = ["docker.io", "quay.io"]\n', image: 'alpine:3.19', op: 'pull' },
  { id: 'search-digest', main: SEARCH_TWO, image: `app@sha256:${'a'.repeat(64)}`, op: 'pull' },
  { id: 'mode-enforcing-dropin-overrides', main: `${SEARCH_TWO}short-name-mode = "enforcing"\n`, dropIns: { '90.conf': 'short-name-mode = "permissive"\n' }, image: 'app', op: 'pull' },
  { id: 'mode-invalid', main: `${SEARCH_TWO}short-name-mode = "prompt"\n`, image: 'app', op: 'pull' },
  { id: 'search-invalid-entry', main: 'unqualified-search-registries = ["https://docker.io"]\n', image: 'app', op: 'pull' },
  { id: 'search-entry-with-path', main: 'unqualified-search-registries = ["quay.io/org"]\n', image: 'app', op: 'pull' },
  // aliases
  { id: 'alias-main', main: `${SEARCH_TWO}short-name-mode = "enforcing"\n[aliases]\n"app" = "quay.io/org/app"\n`, image: 'app:2', op: 'pull' },
  { id: 'alias-dropin', main: `${SEARCH_TWO}short-name-mode = "enforcing"\n`, dropIns: { '000-shortnames.conf': '[aliases]\n"app" = "myreg.example.com/team/app"\n' }, image: 'app', op: 'pull' },
  { id: 'alias-removed-by-dropin', main: `${SEARCH_TWO}[aliases]\n"app" = "quay.io/org/app"\n`, dropIns: { '50.conf': '[aliases]\n"app" = ""\n' }, image: 'app', op: 'pull' },
  { id: 'alias-user-cache-first', main: `${SEARCH_TWO}[aliases]\n"app" = "quay.io/org/app"\n`, userAliases: '[aliases]\n"app" = "other.example.com/app"\n', image: 'app', op: 'pull' },
  { id: 'alias-user-cache-empty-hides', main: `${SEARCH_TWO}short-name-mode = "enforcing"\n[aliases]\n"app" = "quay.io/org/app"\n`, userAliases: '[aliases]\n"app" = ""\n', image: 'app', op: 'pull' },
  { id: 'alias-namespaced', main: `[aliases]\n"team/app" = "other.example.com/team/app"\n`, image: 'team/app', op: 'pull' },
  { id: 'alias-with-tag-refused', main: `[aliases]\n"app" = "quay.io/org/app:1"\n`, image: 'app', op: 'pull' },
  { id: 'alias-without-registry-refused', main: `[aliases]\n"app" = "org/app"\n`, image: 'app', op: 'pull' },
  { id: 'alias-name-with-registry-refused', main: `[aliases]\n"quay.io/app" = "quay.io/org/app"\n`, image: 'app', op: 'pull' },
  { id: 'alias-to-mirrored-hub', main: `[aliases]\n"alpine" = "docker.io/library/alpine"\n${HUB_MIRROR}`, image: 'alpine', op: 'pull' },
  // skopeo does no short-name resolution
  { id: 'transport-short-name', main: `${SEARCH_TWO}short-name-mode = "enforcing"\n[aliases]\n"app" = "quay.io/org/app"\n`, image: 'app', op: 'transport' },
  { id: 'transport-hub-mirror', main: HUB_MIRROR, image: 'alice/app', op: 'transport' },
  // mirrors
  { id: 'mirror-hub', main: HUB_MIRROR, image: 'docker.io/alice/app', op: 'pull' },
  { id: 'mirror-hub-digest', main: HUB_MIRROR, image: `docker.io/library/ubuntu@sha256:${'b'.repeat(64)}`, op: 'pull' },
  { id: 'mirror-hub-push', main: HUB_MIRROR, image: 'docker.io/alice/app', op: 'push' },
  { id: 'mirror-by-digest-only-tag', main: HUB_MIRROR.replace('location = "docker.io"\n', 'location = "docker.io"\nmirror-by-digest-only = true\n'), image: 'docker.io/alice/app:1', op: 'pull' },
  { id: 'mirror-by-digest-only-digest', main: HUB_MIRROR.replace('location = "docker.io"\n', 'location = "docker.io"\nmirror-by-digest-only = true\n'), image: `docker.io/alice/app@sha256:${'c'.repeat(64)}`, op: 'pull' },
  {
    id: 'pull-from-mirror-split',
    main: '[[registry]]\nlocation = "myreg.example.com"\n[[registry.mirror]]\nlocation = "a.example.com"\npull-from-mirror = "digest-only"\n[[registry.mirror]]\nlocation = "b.example.com"\npull-from-mirror = "tag-only"\n[[registry.mirror]]\nlocation = "c.example.com"\npull-from-mirror = "all"\n',
    image: 'myreg.example.com/app',
    op: 'pull',
  },
  { id: 'pull-from-mirror-on-registry', main: '[[registry]]\nlocation = "myreg.example.com"\npull-from-mirror = "all"\n', image: 'myreg.example.com/app', op: 'pull' },
  { id: 'pull-from-mirror-bad', main: '[[registry]]\nlocation = "myreg.example.com"\n[[registry.mirror]]\nlocation = "a.example.com"\npull-from-mirror = "sometimes"\n', image: 'myreg.example.com/app', op: 'pull' },
  { id: 'mirror-digest-only-conflict', main: '[[registry]]\nlocation = "myreg.example.com"\nmirror-by-digest-only = true\n[[registry.mirror]]\nlocation = "a.example.com"\npull-from-mirror = "all"\n', image: 'myreg.example.com/app', op: 'pull' },
  { id: 'mirror-trailing-slash', main: '[[registry]]\nlocation = "myreg.example.com/"\n[[registry.mirror]]\nlocation = "other.example.com/"\n', image: 'myreg.example.com/app', op: 'pull' },
  { id: 'mirror-without-location', main: '[[registry]]\nlocation = "myreg.example.com"\n[[registry.mirror]]\ninsecure = true\n', image: 'myreg.example.com/app', op: 'pull' },
  { id: 'mirror-location-blocked', main: '[[registry]]\nlocation = "myreg.example.com"\n[[registry.mirror]]\nlocation = "other.example.com"\n[[registry]]\nlocation = "other.example.com"\nblocked = true\n', image: 'myreg.example.com/app', op: 'pull' },
  // prefixes and locations
  { id: 'prefix-rewrite', main: PREFIX_REWRITE, image: 'example.com/foo/app:1', op: 'pull' },
  { id: 'prefix-rewrite-push', main: PREFIX_REWRITE, image: 'example.com/foo/app:1', op: 'push' },
  { id: 'prefix-longest-wins', main: `${PREFIX_REWRITE}\n[[registry]]\nprefix = "example.com"\nlocation = "whole.example.com"\n`, image: 'example.com/foo/app', op: 'pull' },
  { id: 'prefix-shorter-match', main: `${PREFIX_REWRITE}\n[[registry]]\nprefix = "example.com"\nlocation = "whole.example.com"\n`, image: 'example.com/food/app', op: 'pull' },
  { id: 'prefix-port-quirk', main: '[[registry]]\nlocation = "myreg.example.com"\ninsecure = true\n', image: 'myreg.example.com:5000/app', op: 'pull' },
  { id: 'prefix-non-canonical-rewrite', main: '[[registry]]\nprefix = "example.com/hub"\nlocation = "docker.io"\n', image: 'example.com/hub/alpine', op: 'pull' },
  { id: 'prefix-same-first-wins', main: '[[registry]]\nprefix = "example.com"\nlocation = "one.example.com"\n[[registry]]\nprefix = "example.com"\nlocation = "two.example.com"\n', image: 'example.com/app', op: 'pull' },
  { id: 'prefix-dropin-replaces', main: PREFIX_REWRITE, dropIns: { '20.conf': '[[registry]]\nprefix = "example.com/foo"\nlocation = "replaced.example.com"\n' }, image: 'example.com/foo/app', op: 'pull' },
  { id: 'prefix-scheme-refused', main: '[[registry]]\nlocation = "https://myreg.example.com"\n', image: 'myreg.example.com/app', op: 'pull' },
  { id: 'prefix-both-unset', main: '[[registry]]\ninsecure = true\n', image: 'myreg.example.com/app', op: 'pull' },
  { id: 'prefix-location-unset', main: '[[registry]]\nprefix = "example.com"\n', image: 'example.com/app', op: 'pull' },
  { id: 'conflicting-insecure', main: '[[registry]]\nprefix = "a.example.com/x"\nlocation = "myreg.example.com"\ninsecure = true\n[[registry]]\nprefix = "a.example.com/y"\nlocation = "myreg.example.com"\n', image: 'a.example.com/x/app', op: 'pull' },
  // wildcards and blocked
  { id: 'wildcard-subdomain', main: WILDCARD, image: 'registry.example.com/team/app', op: 'pull' },
  { id: 'wildcard-deeper-blocked', main: WILDCARD, image: 'a.internal.example.com/app', op: 'pull' },
  { id: 'wildcard-apex-no-match', main: WILDCARD, image: 'example.com/app', op: 'pull' },
  { id: 'wildcard-push', main: WILDCARD, image: 'registry.example.com/app', op: 'push' },
  { id: 'wildcard-empty-location', main: '[[registry]]\nprefix = "*.example.com"\ninsecure = true\n', image: 'myreg.example.com/app', op: 'pull' },
  { id: 'wildcard-bad-format', main: '[[registry]]\nprefix = "*.example.com/team"\nlocation = "x.example.com"\n', image: 'a.example.com/team/app', op: 'pull' },
  { id: 'blocked-with-mirror', main: '[[registry]]\nlocation = "myreg.example.com"\nblocked = true\n[[registry.mirror]]\nlocation = "other.example.com"\n', image: 'myreg.example.com/app', op: 'pull' },
  { id: 'blocked-push', main: '[[registry]]\nlocation = "myreg.example.com"\nblocked = true\n', image: 'myreg.example.com/app', op: 'push' },
  { id: 'blocked-search-candidate', main: `${SEARCH_TWO}[[registry]]\nlocation = "myreg.example.com"\nblocked = true\n`, image: 'app', op: 'pull' },
  // the version-1 format: converted by 5.23 and 5.31 (main file only), refused by 5.40 and later
  { id: 'v1-search', main: V1_SEARCH, image: 'app', op: 'pull' },
  { id: 'v1-search-digest', main: V1_SEARCH, image: `team/app@sha256:${'d'.repeat(64)}`, op: 'pull' },
  { id: 'v1-blocked-and-insecure', main: V1_FULL, image: 'b.example.com/bar/foo/barfoo:latest', op: 'pull' },
  { id: 'v1-insecure', main: V1_FULL, image: 'e.example.com/app', op: 'pull' },
  { id: 'v1-insecure-search-candidate', main: V1_FULL, image: 'app', op: 'pull' },
  { id: 'v1-insecure-push', main: V1_FULL, image: 'd.example.com/app:1', op: 'push' },
  { id: 'v1-blocked-transport', main: V1_FULL, image: 'b.example.com/app', op: 'transport' },
  { id: 'v1-blocked-path', main: '[registries.block]\nregistries = ["example.com/private"]\n', image: 'example.com/private/app', op: 'pull' },
  { id: 'v1-blocked-path-other', main: '[registries.block]\nregistries = ["example.com/private"]\n', image: 'example.com/public/app', op: 'pull' },
  { id: 'v1-blocked-wildcard', main: '[registries.block]\nregistries = ["*.example.com"]\n', image: 'a.example.com/app', op: 'pull' },
  { id: 'v1-blocked-hub', main: '[registries.block]\nregistries = ["docker.io"]\n', image: 'alpine', op: 'transport' },
  { id: 'v1-invalid-block', main: V1_FULL.replace('["b.example.com"]', '["b.example.com", "http://schema-is-invalid.example.com"]'), image: 'myreg.example.com/app', op: 'pull' },
  { id: 'v1-invalid-insecure', main: V1_FULL.replace('"e.example.com",', '"e.example.com", "https://schema-is-invalid.example.com",'), image: 'myreg.example.com/app', op: 'pull' },
  { id: 'v1-invalid-search', main: V1_FULL.replace('"other.example.com"]', '"other.example.com", "http://schema-is-invalid.example.com"]'), image: 'myreg.example.com/app', op: 'pull' },
  { id: 'v1-search-with-path', main: '[registries.search]\nregistries = ["quay.io/org"]\n', image: 'app', op: 'pull' },
  { id: 'v1-empty-location', main: '[registries.block]\nregistries = ["/"]\n', image: 'myreg.example.com/app', op: 'pull' },
  { id: 'v1-mixing', main: `unqualified-search-registries = ["myreg.example.com"]\n${V1_FULL}`, image: 'myreg.example.com/app', op: 'pull' },
  { id: 'v1-mixing-registry-table', main: `${V1_FULL}\n[[registry]]\nlocation = "myreg.example.com"\n`, image: 'myreg.example.com/app', op: 'pull' },
  { id: 'v1-mixing-alias', main: `${V1_SEARCH}[aliases]\n"app" = "quay.io/org/app"\n`, image: 'app', op: 'pull' },
  { id: 'v1-mixing-empty', main: `unqualified-search-registries = []\n${V1_EMPTY}`, image: 'app', op: 'pull' },
  { id: 'v1-empty-lists', main: V1_EMPTY, image: 'app', op: 'pull' },
  { id: 'v1-empty-search-with-block', main: '[registries.search]\nregistries = []\n[registries.block]\nregistries = ["b.example.com"]\n', image: 'b.example.com/app', op: 'pull' },
  { id: 'v1-with-empty-aliases-table', main: `${V1_SEARCH}[aliases]\n`, image: 'app', op: 'pull' },
  { id: 'v1-with-empty-helpers', main: `credential-helpers = []\n${V1_SEARCH}`, image: 'app', op: 'pull' },
  { id: 'v1-with-empty-registry-list', main: `registry = []\n${V1_SEARCH}`, image: 'app', op: 'pull' },
  { id: 'v1-with-empty-mode', main: `short-name-mode = ""\n${V1_SEARCH}`, image: 'app', op: 'pull' },
  { id: 'v1-with-helpers', main: `credential-helpers = ["pass"]\n${V1_SEARCH}`, image: 'app', op: 'pull' },
  { id: 'v1-with-mode', main: `short-name-mode = "enforcing"\n${V1_SEARCH}`, image: 'app', op: 'pull' },
  { id: 'v1-other-keys-ignored', main: `${V1_SEARCH}[registries.mirrors]\nregistries = ["x.example.com"]\n`, image: 'app', op: 'pull' },
  { id: 'v1-in-dropin', main: SEARCH_TWO, dropIns: { '50-old.conf': '[registries.block]\nregistries = ["b.example.com"]\n' }, image: 'app', op: 'pull' },
  { id: 'v1-empty-in-dropin', main: SEARCH_TWO, dropIns: { '50-old.conf': '[registries.block]\nregistries = []\n' }, image: 'app', op: 'pull' },
  { id: 'v1-main-dropin-search', main: V1_FULL, dropIns: { '10-search.conf': 'unqualified-search-registries = ["quay.io"]\n' }, image: 'app', op: 'pull' },
  { id: 'v1-main-dropin-unblocks', main: V1_FULL, dropIns: { '10-registry.conf': '[[registry]]\nlocation = "b.example.com"\n' }, image: 'b.example.com/app', op: 'pull' },
  { id: 'v1-main-dropin-mirror', main: V1_FULL, dropIns: { '10-registry.conf': '[[registry]]\nlocation = "d.example.com"\ninsecure = true\n[[registry.mirror]]\nlocation = "cache.example.com"\n' }, image: 'd.example.com/app', op: 'pull' },
  { id: 'v1-main-dropin-alias', main: V1_FULL, dropIns: { '000-shortnames.conf': '[aliases]\n"app" = "quay.io/org/app"\n' }, image: 'app', op: 'pull' },
  // more load-time rules of pkg/sysregistriesv2's tests
  { id: 'conflicting-blocked', main: '[[registry]]\nprefix = "a.example.com/x"\nlocation = "myreg.example.com"\nblocked = true\n[[registry]]\nprefix = "a.example.com/y"\nlocation = "myreg.example.com"\n', image: 'a.example.com/y/app', op: 'pull' },
  { id: 'conflict-across-dropins-allowed', main: '[[registry]]\nlocation = "myreg.example.com"\ninsecure = true\n', dropIns: { '10.conf': '[[registry]]\nprefix = "a.example.com"\nlocation = "myreg.example.com"\n' }, image: 'a.example.com/app', op: 'pull' },
  { id: 'prefix-with-scheme', main: '[[registry]]\nlocation = "myreg.example.com"\nprefix = "http://schema-is-invalid.example.com"\n', image: 'myreg.example.com/app', op: 'pull' },
  { id: 'mirror-with-scheme', main: '[[registry]]\nlocation = "myreg.example.com"\n[[registry.mirror]]\nlocation = "https://mirror.example.com"\n', image: 'myreg.example.com/app', op: 'pull' },
  { id: 'search-trailing-slash', main: 'unqualified-search-registries = ["myreg.example.com/", "localhost:5000"]\n', image: 'app', op: 'pull' },
  { id: 'search-invalid-in-dropin', main: SEARCH_TWO, dropIns: { '10.conf': 'unqualified-search-registries = ["quay.io/org"]\n' }, image: 'app', op: 'pull' },
  { id: 'mode-empty-is-default', main: `${SEARCH_TWO}short-name-mode = ""\n`, image: 'app', op: 'pull' },
  { id: 'mode-invalid-in-dropin', main: SEARCH_TWO, dropIns: { '10.conf': 'short-name-mode = "Enforcing"\n' }, image: 'app', op: 'pull' },
  { id: 'mode-later-dropin-wins', main: SEARCH_TWO, dropIns: { '10.conf': 'short-name-mode = "disabled"\n', '20.conf': 'short-name-mode = "enforcing"\n' }, image: 'app', op: 'pull' },
  { id: 'alias-with-digest-refused', main: `[aliases]\n"app" = "quay.io/org/app@sha256:${'e'.repeat(64)}"\n`, image: 'app', op: 'pull' },
  { id: 'alias-name-with-tag-refused', main: '[aliases]\n"app:1" = "quay.io/org/app"\n', image: 'app', op: 'pull' },
  { id: 'alias-invalid-in-dropin', main: SEARCH_TWO, dropIns: { '10.conf': '[aliases]\n"app" = "org/app"\n' }, image: 'app', op: 'pull' },
  { id: 'alias-later-dropin-wins', main: SEARCH_TWO, dropIns: { '10.conf': '[aliases]\n"app" = "quay.io/one/app"\n', '20.conf': '[aliases]\n"app" = "quay.io/two/app"\n' }, image: 'app', op: 'pull' },
  // type errors: compared by file and line
  { id: 'v1-registries-not-table', main: '\nregistries = ["quay.io"]\n', image: 'app', op: 'pull' },
  { id: 'v1-search-not-list', main: '[registries.search]\nregistries = "quay.io"\n', image: 'app', op: 'pull' },
  { id: 'v1-block-not-table', main: '[registries]\nblock = ["quay.io"]\n', image: 'app', op: 'pull' },
  { id: 'insecure-not-boolean', main: '[[registry]]\nlocation = "myreg.example.com"\ninsecure = "yes"\n', image: 'myreg.example.com/app', op: 'pull' },
  { id: 'search-not-list', main: '\n\nunqualified-search-registries = "quay.io"\n', image: 'app', op: 'pull' },
  // the TOML decoder takes a key that differs only in case
  { id: 'keys-ignore-case', main: 'Unqualified-Search-Registries = ["myreg.example.com"]\nSHORT-NAME-MODE = "enforcing"\n[[Registry]]\nLocation = "myreg.example.com"\nBlocked = true\n[[Registry.Mirror]]\nLOCATION = "other.example.com"\n', image: 'app', op: 'pull' },
  { id: 'aliases-table-ignores-case', main: '[Aliases]\n"app" = "quay.io/org/app"\n', image: 'app', op: 'pull' },
  { id: 'v1-keys-ignore-case', main: '[Registries.Search]\nRegistries = ["myreg.example.com"]\n[Registries.BLOCK]\nregistries = ["myreg.example.com"]\n', image: 'app', op: 'pull' },
  // aliases are parsed as references (reference.Parse)
  { id: 'alias-name-uppercase', main: '[aliases]\n"App" = "quay.io/org/app"\n', image: 'app', op: 'pull' },
  { id: 'alias-value-uppercase', main: '[aliases]\n"app" = "quay.io/Org/app"\n', image: 'app', op: 'pull' },
  { id: 'alias-value-bad-format', main: '[aliases]\n"app" = "quay.io/org/app@bad"\n', image: 'app', op: 'pull' },
  { id: 'alias-name-bad-digest', main: `[aliases]\n"app@sha256:${'f'.repeat(10)}" = "quay.io/org/app"\n`, image: 'app', op: 'pull' },
  { id: 'alias-name-and-value-bad', main: '[aliases]\n"quay.io/app" = "org/app"\n', image: 'app', op: 'pull' },
  { id: 'alias-name-underscore-domain', main: '[aliases]\n"my_reg.example.com/app" = "quay.io/org/app"\n', image: 'app', op: 'pull' },
  { id: 'alias-value-localhost', main: '[aliases]\n"app" = "localhost/org/app"\n', image: 'app', op: 'pull' },
  { id: 'alias-value-empty-name-bad', main: SEARCH_TWO + '[aliases]\n"app:1" = ""\n', image: 'app', op: 'pull' },
  { id: 'helpers-do-not-route', main: `credential-helpers = ["pass", "containers-auth.json"]\n${SEARCH_TWO}`, image: 'app', op: 'pull' },
];
