import type { RouteCase } from './containers-route-cases.js';

/**
 * Route cases for the situations containers/image's own unit tests exercise, written anew for
 * regauth: pkg/sysregistriesv2 (system_registries_v2_test.go, shortnames_test.go) and
 * pkg/shortnames (shortnames_test.go). Each comment names the upstream test function whose
 * situation the cases that follow take up; the files and names here are our own.
 */

const DIGEST = `sha256:${'7'.repeat(64)}`;
const OTHER_DIGEST = `sha256:${'9'.repeat(64)}`;
const SEARCH_TWO = 'unqualified-search-registries = ["quay.io", "myreg.example.com"]\n';
const SEARCH_ONE = 'unqualified-search-registries = ["quay.io"]\n';
const ALIAS_TEAM = '[aliases]\n"team/tool" = "quay.io/team/tool"\n';

/** registries whose mirrors differ in pull-from-mirror and mirror-by-digest-only (TestPullSourcesFromReference in shape) */
const MIRROR_POLICIES = `
[[registry]]
prefix = "a.example.com/src"
location = "a.example.com/dst"
[[registry.mirror]]
location = "m1.a.example.com"
[[registry.mirror]]
location = "m2.a.example.com"
insecure = true

[[registry]]
prefix = "b.example.com/src"
location = "b.example.com/dst"
mirror-by-digest-only = true
[[registry.mirror]]
location = "m1.b.example.com"
[[registry.mirror]]
location = "m2.b.example.com"

[[registry]]
prefix = "c.example.com/src"
location = "c.example.com/dst"
[[registry.mirror]]
location = "m1.c.example.com"
[[registry.mirror]]
location = "m2.c.example.com"
pull-from-mirror = "digest-only"

[[registry]]
prefix = "e.example.com/src"
location = "e.example.com/dst"
[[registry.mirror]]
location = "m1.e.example.com"
pull-from-mirror = "tag-only"
[[registry.mirror]]
location = "m2.e.example.com"
pull-from-mirror = "tag-only"

[[registry]]
prefix = "g.example.com/src"
location = "g.example.com/dst"
[[registry.mirror]]
location = "m1.g.example.com"
pull-from-mirror = "digest-only"
[[registry.mirror]]
location = "m2.g.example.com"
pull-from-mirror = "tag-only"
[[registry.mirror]]
location = "m3.g.example.com"
[[registry.mirror]]
location = "m4.g.example.com"
pull-from-mirror = "all"
`;

/** several [[registry]] prefixes, plain and wildcarded, competing for the same names (TestFindRegistry in shape) */
const PREFIXES = `
[[registry]]
prefix = "plain.example.com"
location = "backend.example.net:5000"

[[registry]]
prefix = "deep.example.com:4000/with/path"
location = "other.example.net:5000"

[[registry]]
location = "bare.example.com"

[[registry]]
prefix = ""
location = "empty-prefix.example.com"

[[registry]]
prefix = "*.so.plain.example.com"
location = "narrow.example.net"

[[registry]]
prefix = "*.plain.example.com"
location = "wide.example.net"

[[registry]]
prefix = "*.hub.example.org"
location = "hub-wide.example.net"

[[registry]]
prefix = "*.bar.hub.example.org"
location = "hub-narrow.example.net"

[[registry]]
prefix = "*.bar.example.com"
location = "bar-wide.example.net"

[[registry]]
prefix = "foo.bar.example.com:5000"
location = "bar-exact.example.net"

[[registry]]
prefix = "*.passthrough.example.org"
`;

/** an [aliases] table with plain and namespaced names, an empty value, and the enforcing mode (TestResolve in shape) */
const ALIASES = `short-name-mode = "enforcing"
[aliases]
"tool" = "docker.io/library/toolbox"
"team/tool" = "quay.io/team/toolbox"
"site" = "site.example.com/library/toolbox"
"hidden" = ""
`;

export const UPSTREAM_ROUTE_CASES: readonly RouteCase[] = [
  // TestParseLocation
  { id: 'up-location-trailing-slashes', main: '[[registry]]\nprefix = "myreg.example.com"\nlocation = "backend.example.net:5000/with/path////"\n', image: 'myreg.example.com/app', op: 'pull' },
  { id: 'up-location-userinfo', main: '[[registry]]\nprefix = "myreg.example.com"\nlocation = "alice@backend.example.net"\n', image: 'myreg.example.com/app', op: 'pull' },
  { id: 'up-location-userinfo-push', main: '[[registry]]\nprefix = "myreg.example.com"\nlocation = "alice@backend.example.net"\n', image: 'myreg.example.com/app', op: 'push' },
  { id: 'up-prefix-trailing-slash', main: '[[registry]]\nprefix = "myreg.example.com/team/"\nlocation = "backend.example.net/t"\n', image: 'myreg.example.com/team/app:2', op: 'pull' },
  // TestEmptyConfig
  { id: 'up-empty-fully-qualified', main: '', image: 'quay.io/org/app:1', op: 'pull' },
  { id: 'up-empty-transport', main: '', image: 'app', op: 'transport' },
  // TestMirrors
  { id: 'up-mirrors-second-insecure', main: '[[registry]]\nlocation = "myreg.example.com"\n[[registry.mirror]]\nlocation = "m1.example.com"\n[[registry.mirror]]\nlocation = "m2.example.com"\ninsecure = true\n[[registry]]\nlocation = "closed.example.com"\nblocked = true\n', image: `myreg.example.com/app@${DIGEST}`, op: 'pull' },
  { id: 'up-mirrors-blocked-neighbour', main: '[[registry]]\nlocation = "myreg.example.com"\n[[registry.mirror]]\nlocation = "m1.example.com"\n[[registry]]\nlocation = "closed.example.com"\nblocked = true\n', image: 'closed.example.com/app', op: 'pull' },
  { id: 'up-mirror-blocked-by-wildcard', main: '[[registry]]\nlocation = "myreg.example.com"\n[[registry.mirror]]\nlocation = "cache.internal.example.net/hub"\n[[registry]]\nprefix = "*.internal.example.net"\nblocked = true\n', image: 'myreg.example.com/app', op: 'pull' },
  // TestRefMatchingSubdomainPrefix (through FindRegistry on the image name)
  { id: 'up-wildcard-tld-hub', main: '[[registry]]\nprefix = "*.io"\nlocation = "hub-proxy.example.com"\n', image: 'docker.io/alpine', op: 'pull' },
  { id: 'up-wildcard-tld-hub-transport', main: '[[registry]]\nprefix = "*.io"\nlocation = "hub-proxy.example.com"\n', image: 'alpine:3', op: 'transport' },
  { id: 'up-wildcard-namespace-dot', main: '[[registry]]\nprefix = "*.com"\nlocation = "x.example.net"\n', image: 'example.net/ns-ends-in.com/app', op: 'pull' },
  { id: 'up-wildcard-namespace-label', main: '[[registry]]\nprefix = "*.space.com"\nlocation = "x.example.net"\n', image: 'another.example.com/space.com/app', op: 'pull' },
  { id: 'up-wildcard-port', main: '[[registry]]\nprefix = "*.example.com"\nlocation = "proxy.example.net"\n', image: 'sub.example.com:5000/team/app:1', op: 'pull' },
  { id: 'up-wildcard-double-star', main: '[[registry]]\nprefix = "**.example.com"\nlocation = "x.example.net"\n', image: 'a.b.example.com/app', op: 'pull' },
  { id: 'up-wildcard-digest-mirror', main: `[[registry]]\nprefix = "*.sub.example.com"\nlocation = "proxy.example.net/sub"\n[[registry.mirror]]\nlocation = "cache.example.net"\npull-from-mirror = "digest-only"\n`, image: `a.b.sub.example.com/foo/bar@${DIGEST}`, op: 'pull' },
  { id: 'up-wildcard-tld-deeper', main: '[[registry]]\nprefix = "*.com"\nlocation = "x.example.net"\n', image: 'another.sub.example.com/foo/bar:baz', op: 'pull' },
  // TestRefMatchingPrefix
  { id: 'up-prefix-port-longer', main: '[[registry]]\nprefix = "example.com:5000"\nlocation = "x.example.net"\n', image: 'example.com:50000/app', op: 'pull' },
  { id: 'up-prefix-port-exact', main: '[[registry]]\nprefix = "example.com:5000"\nlocation = "x.example.net"\n', image: 'example.com:5000/app', op: 'pull' },
  { id: 'up-prefix-hub-namespace', main: '[[registry]]\nprefix = "docker.io/library"\nlocation = "hub-cache.example.com/lib"\n', image: 'busybox', op: 'transport' },
  { id: 'up-prefix-hub-namespace-longer', main: '[[registry]]\nprefix = "docker.io/library"\nlocation = "hub-cache.example.com/lib"\n', image: 'docker.io/libraryy/app', op: 'pull' },
  { id: 'up-prefix-single-repo', main: '[[registry]]\nprefix = "docker.io/library/busybox"\nlocation = "cache.example.com/bb"\n', image: 'docker.io/library/busybox:1.36', op: 'pull' },
  { id: 'up-prefix-single-repo-longer', main: '[[registry]]\nprefix = "docker.io/library/busybox"\nlocation = "cache.example.com/bb"\n', image: 'docker.io/library/busybox2', op: 'pull' },
  { id: 'up-prefix-with-tag', main: '[[registry]]\nprefix = "example.com/foo:bar"\nlocation = "x.example.net/foo"\n', image: 'example.com/foo:bar', op: 'pull' },
  { id: 'up-prefix-with-digest', main: `[[registry]]\nprefix = "example.com/foo@${DIGEST}"\nlocation = "x.example.net/foo"\n`, image: `example.com/foo@${DIGEST}`, op: 'pull' },
  { id: 'up-prefix-star-alone', main: '[[registry]]\nprefix = "*"\nlocation = "x.example.net"\n', image: 'example.com/foo', op: 'pull' },
  // TestFindRegistry
  { id: 'up-find-plain', main: PREFIXES, image: 'plain.example.com/foo/bar:latest', op: 'pull' },
  { id: 'up-find-plain-longer-host', main: PREFIXES, image: 'plain.example.comx/app', op: 'pull' },
  { id: 'up-find-narrow-wildcard', main: PREFIXES, image: 'not.so.plain.example.com/app', op: 'pull' },
  { id: 'up-find-wide-wildcard', main: PREFIXES, image: 'not.quite.plain.example.com:5000/with/path/and/beyond:tag', op: 'pull' },
  { id: 'up-find-longer-wildcard-later', main: PREFIXES, image: 'foo.bar.hub.example.org:5000/omg/wtf/bbq:foo', op: 'pull' },
  { id: 'up-find-exact-port-beats-wildcard', main: PREFIXES, image: 'foo.bar.example.com:5000/omg/wtf/bbq:foo', op: 'pull' },
  { id: 'up-find-other-port-wildcard', main: PREFIXES, image: `foo.bar.example.com:6000/omg/wtf/bbq@${DIGEST}`, op: 'pull' },
  { id: 'up-find-path-prefix', main: PREFIXES, image: 'deep.example.com:4000/with/path/and/beyond:tag', op: 'pull' },
  { id: 'up-find-no-prefix', main: PREFIXES, image: 'bare.example.com/foo:tag', op: 'pull' },
  { id: 'up-find-empty-prefix', main: PREFIXES, image: 'empty-prefix.example.com/foo:tag', op: 'pull' },
  { id: 'up-find-passthrough', main: PREFIXES, image: `alien.vs.passthrough.example.org:5000/foo@${DIGEST}`, op: 'pull' },
  { id: 'up-find-passthrough-push', main: PREFIXES, image: 'a.passthrough.example.org/foo:1', op: 'push' },
  { id: 'up-find-dropin-overrides-wildcard', main: PREFIXES, dropIns: { '10-override.conf': '[[registry]]\nprefix = "*.so.plain.example.com"\nlocation = "narrow-override.example.net"\n' }, image: 'really.not.so.plain.example.com:5000/app:tag', op: 'pull' },
  { id: 'up-find-dropin-unrelated-wildcard', main: PREFIXES, dropIns: { '10-other.conf': '[[registry]]\nprefix = "*.hub.example.net"\nlocation = "unrelated.example.net"\n' }, image: 'foo.hub.example.org:5000/omg:foo', op: 'pull' },
  { id: 'up-find-dropin-ignored-suffix', main: PREFIXES, dropIns: { '10-skipped.ignore': '[[registry]]\nprefix = "plain.example.com"\nlocation = "ignored.example.net"\n' }, image: 'plain.example.com/app', op: 'pull' },
  // TestRewriteReferenceSuccess and TestRewriteReferenceFailedDuringParseNamed, through a configuration
  { id: 'up-rewrite-hub-namespace-prefix', main: '[[registry]]\nprefix = "docker.io/library/prefix"\nlocation = "example.com"\n', image: 'docker.io/library/prefix/image', op: 'pull' },
  { id: 'up-rewrite-hub-to-other', main: '[[registry]]\nprefix = "docker.io"\nlocation = "example.com"\n', image: 'docker.io/library/image', op: 'pull' },
  { id: 'up-rewrite-hub-to-other-digest', main: '[[registry]]\nprefix = "docker.io"\nlocation = "example.com"\n', image: `library/image@${DIGEST}`, op: 'transport' },
  { id: 'up-rewrite-wildcard-into-path', main: '[[registry]]\nprefix = "*.bar.io"\nlocation = "omg.example.com/ns"\n', image: 'foo.bar.io/ns1/ns2/ns3/ns4', op: 'pull' },
  { id: 'up-rewrite-port-quirk-doubles-port', main: '[[registry]]\nprefix = "example.com"\nlocation = "example.com:5000"\n', image: 'example.com:5000/image:latest', op: 'pull' },
  { id: 'up-rewrite-repository-to-host', main: '[[registry]]\nprefix = "example.com/foo"\nlocation = "example.com"\n', image: `example.com/foo@${DIGEST}`, op: 'pull' },
  { id: 'up-rewrite-partial-component', main: '[[registry]]\nprefix = "example.com/f"\nlocation = "example.com/foo"\n', image: 'example.com/foo:latest', op: 'pull' },
  { id: 'up-rewrite-library-prefix-tag', main: '[[registry]]\nprefix = "docker.io/library"\nlocation = "example.com"\n', image: 'image:1', op: 'transport' },
  { id: 'up-rewrite-mirror-noncanonical', main: '[[registry]]\nprefix = "example.com/hub"\nlocation = "example.com/hub"\n[[registry.mirror]]\nlocation = "docker.io"\n', image: 'example.com/hub/alpine', op: 'pull' },
  { id: 'up-rewrite-mirror-bad-location', main: '[[registry]]\nlocation = "myreg.example.com"\n[[registry.mirror]]\nlocation = "Mirror_Host.example.com"\n', image: 'myreg.example.com/app', op: 'pull' },
  // TestPullSourcesFromReference
  { id: 'up-sources-any-tag', main: MIRROR_POLICIES, image: 'a.example.com/src/image:aaa', op: 'pull' },
  { id: 'up-sources-any-digest', main: MIRROR_POLICIES, image: `a.example.com/src/image@${DIGEST}`, op: 'pull' },
  { id: 'up-sources-digest-only-registry-tag', main: MIRROR_POLICIES, image: 'b.example.com/src/image:aaa', op: 'pull' },
  { id: 'up-sources-digest-only-registry-digest', main: MIRROR_POLICIES, image: `b.example.com/src/image@${DIGEST}`, op: 'pull' },
  { id: 'up-sources-one-digest-only-mirror-tag', main: MIRROR_POLICIES, image: 'c.example.com/src/image:aaa', op: 'pull' },
  { id: 'up-sources-one-digest-only-mirror-digest', main: MIRROR_POLICIES, image: `c.example.com/src/image@${DIGEST}`, op: 'pull' },
  { id: 'up-sources-tag-only-digest', main: MIRROR_POLICIES, image: `e.example.com/src/image@${DIGEST}`, op: 'pull' },
  { id: 'up-sources-tag-only-tag', main: MIRROR_POLICIES, image: 'e.example.com/src/image:aaa', op: 'pull' },
  { id: 'up-sources-mixed-tag', main: MIRROR_POLICIES, image: 'g.example.com/src/image:aaa', op: 'pull' },
  { id: 'up-sources-mixed-digest', main: MIRROR_POLICIES, image: `g.example.com/src/image@${DIGEST}`, op: 'pull' },
  { id: 'up-sources-mixed-push', main: MIRROR_POLICIES, image: 'g.example.com/src/image:aaa', op: 'push' },
  // TestInvalidMirrorConfig: the messages name the prefix, not the location
  { id: 'up-mirror-policy-on-registry-prefix', main: '[[registry]]\nprefix = "a.example.com/src"\nlocation = "a.example.com/dst"\npull-from-mirror = "digest-only"\n[[registry.mirror]]\nlocation = "m1.a.example.com"\n', image: 'a.example.com/src/app', op: 'pull' },
  { id: 'up-mirror-policy-conflict-prefix', main: '[[registry]]\nprefix = "a.example.com/src"\nlocation = "a.example.com/dst"\nmirror-by-digest-only = true\n[[registry.mirror]]\npull-from-mirror = "digest-only"\nlocation = "m1.a.example.com/"\n', image: 'a.example.com/src/app', op: 'pull' },
  { id: 'up-mirror-policy-unknown', main: '[[registry]]\nprefix = "a.example.com/src"\nlocation = "a.example.com/dst"\n[[registry.mirror]]\npull-from-mirror = "never"\nlocation = "m1.a.example.com"\n', image: 'a.example.com/src/app', op: 'pull' },
  { id: 'up-mirror-policy-case', main: '[[registry]]\nlocation = "myreg.example.com"\n[[registry.mirror]]\npull-from-mirror = "Digest-Only"\nlocation = "m1.example.com"\n', image: 'myreg.example.com/app', op: 'pull' },
  // TestRegistriesConfDirectory and TestFindUnqualifiedSearchRegistries
  { id: 'up-dropin-redefines-as-blocked', main: 'unqualified-search-registries = ["example.com"]\n[[registry]]\nlocation = "base.example.com"\ninsecure = true\n', dropIns: { '20-block.conf': '[[registry]]\nlocation = "base.example.com"\nblocked = true\n' }, image: 'base.example.com/test:latest', op: 'pull' },
  { id: 'up-dropin-search-overrides', main: 'unqualified-search-registries = ["example.com"]\n', dropIns: { '10-a.conf': 'unqualified-search-registries = ["overwrite.example.com"]\n', '20-b.conf': '[[registry]]\nlocation = "two.example.com"\n' }, image: 'app', op: 'pull' },
  { id: 'up-dropin-search-unset-keeps-main', main: SEARCH_TWO, dropIns: { '10-comment.conf': '# no search list here\n' }, image: 'app', op: 'pull' },
  { id: 'up-dropin-search-empty-enforcing', main: `${SEARCH_TWO}short-name-mode = "enforcing"\n`, dropIns: { '10-empty.conf': 'unqualified-search-registries = []\n' }, image: 'app', op: 'pull' },
  { id: 'up-dropin-ignored-suffix-search', main: SEARCH_ONE, dropIns: { '30-skipped.ignore': 'unqualified-search-registries = ["ignored.example.com"]\n' }, image: 'app', op: 'pull' },
  { id: 'up-dropin-ignored-suffix-invalid', main: SEARCH_ONE, dropIns: { '30-broken.conf.bak': 'this is not toml\n' }, image: 'app', op: 'pull' },
  { id: 'up-dropin-directory-named-conf', main: SEARCH_ONE, dropIns: { '20-dir.conf/': 'unqualified-search-registries = ["nested.example.com"]\n' }, image: 'app', op: 'pull' },
  { id: 'up-dropin-only-empty-file', main: SEARCH_ONE, dropIns: { '10-empty.conf': '' }, image: 'app', op: 'pull' },
  { id: 'up-search-namespace-forbidden', main: 'unqualified-search-registries = ["registry-a.example.com/namespace-is-forbidden"]\n', image: 'quay.io/org/app', op: 'pull' },
  { id: 'up-search-three-digest', main: 'unqualified-search-registries = ["a.example.com", "c.example.com", "d.example.com"]\n', image: `app@${DIGEST}`, op: 'pull' },
  // TestInvalidV2Configs
  { id: 'up-conflict-insecure-after-mirrors', main: '[[registry]]\nlocation = "registry.example.com"\n[[registry.mirror]]\nlocation = "m1.registry.example.com"\n[[registry]]\nlocation = "registry.example.com"\ninsecure = true\n', image: 'registry.example.com/app', op: 'pull' },
  { id: 'up-conflict-blocked-after-mirrors', main: '[[registry]]\nlocation = "registry.example.com"\n[[registry.mirror]]\nlocation = "m1.registry.example.com"\n[[registry]]\nlocation = "registry.example.com"\nblocked = true\n', image: 'quay.io/app', op: 'pull' },
  { id: 'up-mirror-location-unset-last', main: 'unqualified-search-registries = ["a.example.com"]\n[[registry]]\nlocation = "a.example.com"\n[[registry]]\nlocation = "b.example.com"\n[[registry.mirror]]\nlocation = "m.example.com"\n[[registry.mirror]]\n', image: 'app', op: 'pull' },
  { id: 'up-prefix-scheme-among-others', main: '[[registry]]\nlocation = "registry.example.com:5000"\nprefix = "https://schema.example.com"\n[[registry]]\nlocation = "no-prefix.example.com"\n', image: 'no-prefix.example.com/app', op: 'pull' },
  { id: 'up-same-location-different-prefixes', main: '[[registry]]\nprefix = "one.example.com"\nlocation = "shared.example.com"\n[[registry]]\nprefix = "two.example.com"\nlocation = "shared.example.com"\n[[registry.mirror]]\nlocation = "m.example.com"\n', image: 'two.example.com/app', op: 'pull' },
  // TestTryUpdatingCache: a file that is not TOML at all is refused, in the main file or a drop-in (the
  // error is not at a line's end: there the decoder of 5.23 and 5.31 counts the next line)
  { id: 'up-not-toml-main', main: 'invalid value\n', image: 'quay.io/app', op: 'pull' },
  { id: 'up-not-toml-dropin', main: SEARCH_ONE, dropIns: { '10-bad.conf': '[[registry]]\nlocation = "ok.example.com"\ninvalid value\n' }, image: 'quay.io/app', op: 'transport' },
  // TestUnmarshalConfig / TestInvalidateCache: a configuration with mirrors, blocked and insecure registries
  { id: 'up-unmarshal-insecure', main: '[[registry]]\nlocation = "registry.example.com"\n[[registry.mirror]]\nlocation = "m1.registry.example.com"\n[[registry]]\nlocation = "insecure.example.com"\ninsecure = true\n[[registry]]\nlocation = "untrusted.example.com"\ninsecure = true\n', image: 'untrusted.example.com/app', op: 'push' },
  // TestParseShortNameMode / TestGetShortNameMode
  { id: 'up-mode-from-alias-file', main: `${SEARCH_TWO}${ALIASES}`, image: 'other', op: 'pull' },
  { id: 'up-mode-upper-case', main: `${SEARCH_TWO}short-name-mode = "ENFORCING"\n`, image: 'app', op: 'pull' },
  { id: 'up-mode-not-string', main: `${SEARCH_TWO}short-name-mode = 1\n`, image: 'app', op: 'pull' },
  // TestCredentialHelpers
  { id: 'up-helpers-main', main: 'credential-helpers = ["helper-1", "helper-2"]\n[[registry]]\nlocation = "registry-a.example.com"\n', image: 'registry-a.example.com/app', op: 'pull' },
  { id: 'up-helpers-default', main: '', image: 'quay.io/app', op: 'pull' },
  { id: 'up-helpers-dropin-empties', main: 'credential-helpers = ["helper-1", "helper-2"]\n', dropIns: { '10-empty.conf': 'credential-helpers = []\n' }, image: 'quay.io/app', op: 'pull' },
  { id: 'up-helpers-last-dropin-wins', main: 'credential-helpers = ["helper-1", "helper-2"]\n', dropIns: { '10-first.conf': 'credential-helpers = ["first", "containers-auth.json"]\n', '20-second.conf': 'credential-helpers = ["second-1", "second-2"]\n', '30-silent.conf': 'short-name-mode = "permissive"\n' }, image: 'quay.io/app', op: 'pull' },
  { id: 'up-helpers-auth-file-only', main: 'credential-helpers = ["containers-auth.json"]\n', image: 'quay.io/app', op: 'pull' },
  { id: 'up-helpers-key-case-dropin', main: 'credential-helpers = ["helper-1"]\n', dropIns: { '10.conf': 'CREDENTIAL-HELPERS = ["upper"]\n' }, image: 'quay.io/app', op: 'pull' },
  // TestParseShortNameValue
  { id: 'up-alias-value-localhost', main: '[aliases]\n"fedora" = "localhost/fedora"\n', image: 'fedora', op: 'pull' },
  { id: 'up-alias-value-localhost-port', main: '[aliases]\n"fedora" = "localhost:5000/namespace/fedora"\n', image: 'fedora:40', op: 'pull' },
  { id: 'up-alias-value-hub-normalized', main: '[aliases]\n"fedora" = "docker.io/fedora"\n', image: 'fedora', op: 'pull' },
  { id: 'up-alias-value-short-with-tag', main: '[aliases]\n"image2" = "image:1"\n', image: 'app', op: 'pull' },
  { id: 'up-alias-value-garbage', main: '[aliases]\n"fedora" = "$$4455%%"\n', image: 'fedora', op: 'pull' },
  { id: 'up-alias-value-transport', main: '[aliases]\n"fedora" = "docker://foo"\n', image: 'fedora', op: 'pull' },
  { id: 'up-alias-value-space', main: '[aliases]\n"fedora" = " "\n', image: 'fedora', op: 'pull' },
  { id: 'up-alias-value-short', main: '[aliases]\n"fedora" = "fedora"\n', image: 'fedora', op: 'pull' },
  // the TOML decoder leaves a map field unset when the file gives it a value that is not a table
  { id: 'up-aliases-not-table', main: `${SEARCH_ONE}aliases = ["quay.io/org/app"]\n`, image: 'app', op: 'pull' },
  { id: 'up-aliases-string', main: `${SEARCH_ONE}aliases = "quay.io/org/app"\n`, image: 'app', op: 'pull' },
  { id: 'up-aliases-array-of-tables', main: `${SEARCH_ONE}[[aliases]]\n"app" = "quay.io/org/app"\n`, image: 'app', op: 'pull' },
  { id: 'up-aliases-not-table-v1', main: '[registries.search]\nregistries = ["quay.io"]\naliases = 5\n', image: 'app', op: 'pull' },
  { id: 'up-aliases-not-table-v1-top', main: 'aliases = 5\n[registries.search]\nregistries = ["quay.io"]\n', image: 'app', op: 'pull' },
  // TestValidateShortName
  { id: 'up-alias-name-digits', main: `${SEARCH_ONE}[aliases]\n"1234567489" = "quay.io/numbers/app"\n`, image: '1234567489:1', op: 'pull' },
  { id: 'up-alias-name-namespace-tag', main: '[aliases]\n"library/fedora:latest" = "quay.io/fedora/fedora"\n', image: 'app', op: 'pull' },
  { id: 'up-alias-name-garbage', main: '[aliases]\n"$$4455%%" = "quay.io/fedora/fedora"\n', image: 'app', op: 'pull' },
  { id: 'up-alias-name-transport', main: '[aliases]\n"docker://foo" = "quay.io/fedora/fedora"\n', image: 'app', op: 'pull' },
  { id: 'up-alias-name-empty', main: '[aliases]\n"" = "quay.io/fedora/fedora"\n', image: 'app', op: 'pull' },
  { id: 'up-alias-name-digest', main: `[aliases]\n"fedora@${DIGEST}" = "quay.io/fedora/fedora"\n`, image: 'app', op: 'pull' },
  { id: 'up-alias-empty-value-bad-name', main: `${SEARCH_ONE}[aliases]\n"quay.io/fedora" = ""\n`, image: 'app', op: 'pull' },
  // TestResolveShortNameAlias
  { id: 'up-alias-missing-no-search', main: ALIASES, image: 'idonotexist', op: 'pull' },
  { id: 'up-alias-empty-value-no-search', main: ALIASES, image: 'hidden', op: 'pull' },
  { id: 'up-alias-empty-value-search', main: `${SEARCH_ONE}${ALIASES}`, image: 'hidden:2', op: 'pull' },
  // TestAliasesWithDropInConfigs
  {
    id: 'up-alias-dropins-merge',
    main: ALIASES,
    dropIns: {
      '10-one.conf': 'unqualified-search-registries = ["overwrite.example.com"]\n[aliases]\n"tool" = "docker.io/library/dropin-one"\n"barz" = "barz.example.com/image/one"\n',
      '20-two.conf': 'short-name-mode = "permissive"\n[aliases]\n"barz" = "barz.example.com/two"\n"site" = ""\n',
      '30-three.conf': '',
    },
    image: 'barz',
    op: 'pull',
  },
  { id: 'up-alias-dropins-merge-override', main: ALIASES, dropIns: { '10-one.conf': '[aliases]\n"tool" = "docker.io/library/dropin-one"\n' }, image: 'tool:tag', op: 'pull' },
  { id: 'up-alias-dropins-merge-keeps-main', main: ALIASES, dropIns: { '10-one.conf': '[aliases]\n"tool" = "docker.io/library/dropin-one"\n' }, image: 'team/tool:tag', op: 'pull' },
  { id: 'up-alias-dropins-emptied-falls-to-search', main: ALIASES, dropIns: { '10-one.conf': 'unqualified-search-registries = ["overwrite.example.com"]\n', '20-two.conf': 'short-name-mode = "permissive"\n[aliases]\n"site" = ""\n' }, image: 'site', op: 'pull' },
  { id: 'up-alias-cache-beats-dropin', main: ALIASES, dropIns: { '20-two.conf': '[aliases]\n"added" = "xxx.example.com/image"\n' }, userAliases: '[aliases]\n"added" = "cache.example.com/added"\n', image: 'added', op: 'pull' },
  { id: 'up-alias-dropin-ignored-suffix', main: ALIASES, dropIns: { '30.ignore': '[aliases]\n"tool" = "me because of a wrong suffix"\n' }, image: 'tool', op: 'pull' },
  // TestInvalidAliases
  { id: 'up-alias-value-tag-single', main: '[aliases]\n"image1" = "quay.io/repo/image:1"\n', image: 'image1', op: 'pull' },
  { id: 'up-alias-invalid-fully-qualified-pull', main: '[aliases]\n"image1" = "quay.io/repo/image:1"\n', image: 'quay.io/repo/image:1', op: 'pull' },
  { id: 'up-alias-invalid-push', main: '[aliases]\n"image1" = "quay.io/repo/image:1"\n', image: 'quay.io/repo/image:1', op: 'push' },
  // the alias cache podman writes (short-name-aliases.conf) is checked like a registries.conf [aliases] table
  { id: 'up-alias-cache-invalid-value', main: SEARCH_ONE, userAliases: '[aliases]\n"app" = "org/app"\n', image: 'app', op: 'pull' },
  { id: 'up-alias-cache-invalid-name', main: SEARCH_ONE, userAliases: '[aliases]\n"app:1" = "quay.io/org/app"\n', image: 'app', op: 'pull' },
  { id: 'up-alias-cache-invalid-fully-qualified', main: SEARCH_ONE, userAliases: '[aliases]\n"app" = "org/app"\n', image: 'quay.io/org/app', op: 'pull' },
  { id: 'up-alias-cache-value-not-string', main: SEARCH_ONE, userAliases: '[aliases]\n"app" = 1\n', image: 'app', op: 'pull' },
  { id: 'up-alias-cache-not-table', main: SEARCH_ONE, userAliases: 'aliases = ["quay.io/org/app"]\n', image: 'app', op: 'pull' },
  { id: 'up-alias-cache-not-toml', main: SEARCH_ONE, userAliases: '[aliases]\n"app" "quay.io/org/app"\n', image: 'app', op: 'pull' },
  { id: 'up-alias-cache-other-keys', main: SEARCH_ONE, userAliases: 'unqualified-search-registries = "not a list"\n[aliases]\n"app" = "cache.example.com/app"\n', image: 'app', op: 'pull' },
  { id: 'up-alias-cache-namespaced', main: SEARCH_TWO, userAliases: '[aliases]\n"repo/foo" = "myreg.example.com/repo/foo"\n', image: `repo/foo@${DIGEST}`, op: 'pull' },
  { id: 'up-alias-cache-empty-file', main: SEARCH_TWO, userAliases: '', image: 'repo/foo:tag', op: 'pull' },
  // TestIsShortName and TestSplitUserInput (pkg/shortnames); a name with both a tag and a digest never
  // reaches pkg/shortnames (podman drops the tag first, skopeo refuses it): containers-route-real.test.ts
  { id: 'up-fqn-hub-short-digest', main: SEARCH_TWO, image: `docker.io/fedora@${DIGEST}`, op: 'pull' },
  { id: 'up-fqn-localhost', main: SEARCH_TWO, image: 'localhost/fedora', op: 'pull' },
  { id: 'up-fqn-localhost-port-tag', main: SEARCH_TWO, image: 'localhost:5000/fedora:latest', op: 'pull' },
  { id: 'up-fqn-long-host-port', main: SEARCH_TWO, image: 'example.foo.this.may.be.garbage.but.maybe.not:1234/fedora:latest', op: 'pull' },
  { id: 'up-input-empty', main: SEARCH_TWO, image: '', op: 'pull' },
  { id: 'up-input-dollars', main: SEARCH_TWO, image: '$$$', op: 'pull' },
  { id: 'up-input-colons', main: SEARCH_TWO, image: '::', op: 'pull' },
  { id: 'up-input-space', main: SEARCH_TWO, image: ' ', op: 'pull' },
  { id: 'up-input-upper-hash', main: SEARCH_TWO, image: 'Invalid#$', op: 'pull' },
  { id: 'up-input-upper-case-repo', main: SEARCH_TWO, image: 'Fedora', op: 'pull' },
  { id: 'up-input-dollars-push', main: SEARCH_TWO, image: '$$$', op: 'push' },
  // TestResolve (pkg/shortnames)
  { id: 'up-resolve-alias-tag', main: ALIASES, image: 'tool:tag', op: 'pull' },
  { id: 'up-resolve-alias-digest', main: ALIASES, image: `tool@${DIGEST}`, op: 'pull' },
  { id: 'up-resolve-alias-namespace-digest', main: ALIASES, image: `team/tool@${OTHER_DIGEST}`, op: 'pull' },
  { id: 'up-resolve-alias-site', main: ALIASES, image: 'site:tag', op: 'pull' },
  { id: 'up-resolve-fqn', main: ALIASES, image: 'registry.example.com/repo/image', op: 'pull' },
  { id: 'up-resolve-fqn-digest', main: ALIASES, image: `registry.example.com/repo/image@${DIGEST}`, op: 'pull' },
  { id: 'up-resolve-no-alias-no-search', main: ALIASES, image: 'doesnotexist', op: 'pull' },
  // TestResolveWithVaryingShortNameModes: short-name-mode from the file, zero, one or two search registries
  ...(['permissive', 'disabled', 'enforcing'] as const).flatMap((mode) =>
    ([['no-reg', ''], ['one-reg', SEARCH_ONE], ['two-reg', SEARCH_TWO]] as const).flatMap(([regs, search]) => [
      { id: `up-modes-${mode}-${regs}-alias`, main: `${search}short-name-mode = "${mode}"\n${ALIAS_TEAM}`, image: 'team/tool', op: 'pull' as const },
      { id: `up-modes-${mode}-${regs}-search`, main: `${search}short-name-mode = "${mode}"\n${ALIAS_TEAM}`, image: 'doesnotexist', op: 'pull' as const },
    ]),
  ),
  // TestResolveAndRecord: every search registry is a candidate, with the tag or digest
  { id: 'up-record-tag', main: `${SEARCH_TWO}${ALIAS_TEAM}`, image: 'foo:tag', op: 'pull' },
  { id: 'up-record-namespace-digest', main: `${SEARCH_TWO}${ALIAS_TEAM}`, image: `repo/foo@${DIGEST}`, op: 'pull' },
  { id: 'up-record-alias-tag', main: `${SEARCH_TWO}${ALIAS_TEAM}`, image: 'team/tool:tag', op: 'pull' },
  { id: 'up-record-recorded', main: `${SEARCH_TWO}${ALIAS_TEAM}`, userAliases: '[aliases]\n"repo/foo" = "quay.io/repo/foo"\n', image: 'repo/foo:tag', op: 'pull' },
  { id: 'up-record-recorded-then-removed', main: `${SEARCH_TWO}${ALIAS_TEAM}`, userAliases: '[aliases]\n', image: 'repo/foo', op: 'pull' },
];
