/**
 * registries.conf cases for the routing decision: search lists, aliases, mirrors, prefixes with
 * wildcards, blocked registries, short-name modes, and files containers/image refuses. Each case
 * is one main registries.conf, optional drop-ins (read in name order after it), an optional
 * podman alias cache, and the image with the way it is used.
 */
export interface RouteCase {
  id: string;
  main: string;
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
];
