import type { Facts } from '../facts.js';
import type { Finding } from '../finding.js';
import { dockerHostOf, isHubSpelling, isNamespacedKey } from '../keys.js';
import { finding, quote } from './support.js';

/** Keys written for a host form no image reference produces: host:443, namespaced keys. */
export function checkHostForms(facts: Facts): Finding[] {
  const { view } = facts.docker.config;
  const file = view.file.path;
  const findings: Finding[] = [];
  const hosts = new Set(view.auths.map((entry) => dockerHostOf(entry.key)));
  for (const entry of view.auths) {
    if (isHubSpelling(entry.key)) continue;
    const host = dockerHostOf(entry.key);
    if (host.endsWith(':443')) {
      const bare = host.slice(0, -':443'.length);
      const taken = hosts.has(bare);
      findings.push(
        finding('key-default-port', {
          title: `Key ${quote(entry.key)} names port 443 explicitly`,
          detail: `Images on this registry are named "${bare}/…", so Docker, crane and the kubelet look up ${quote(bare)} and never use ${quote(entry.key)}; podman uses it only for images named "${host}/…". ${
            taken ? `An entry for ${quote(bare)} already exists; remove one of them.` : `Rename the key to ${quote(bare)}.`
          }`,
          file,
          line: entry.keyPos.line,
          key: entry.key,
          readers: { docker: false, podman: false, crane: false, kubelet: false },
          fix: taken ? null : { file, edits: [{ kind: 'rename-key', path: ['auths', entry.key], newKey: bare }], reason: 'drop the default port that image names never carry' },
        }),
      );
      continue;
    }
    if (isNamespacedKey(entry.key)) {
      const exactHost = view.auths.some((other) => other.key === host);
      findings.push(
        finding('namespaced-key', {
          title: `Key ${quote(entry.key)} carries a repository path`,
          detail: `podman/skopeo/buildah use it only for images under ${entry.key}/; ${
            exactHost ? `Docker and crane use the exact key ${quote(host)} instead` : `Docker and crane reduce it to ${quote(host)} and use it for every image on ${host}`
          }; the kubelet treats the path as a prefix and uses it for images under it.`,
          file,
          line: entry.keyPos.line,
          key: entry.key,
        }),
      );
    }
  }
  return findings;
}
