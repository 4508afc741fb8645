// containerd 2.x's registry host configuration (core/remotes/docker/config.ConfigureHosts), as
// the CRI image service builds it from `config_path`: the hosts tried for a registry, in order.
//
// case:   {"roots":["/etc/containerd/certs.d"],"host":"docker.io"}
// answer: {"error","hosts":[{"scheme","host","path","capabilities":[…],"authorization","skipVerify",
//          "clientCertificates","fallback","header"}]}
//
// Shared by the containerd-hosts-2* oracles; each also includes containerd-hosts-referrers (2.2
// and later, which know the referrers capability) or containerd-hosts-no-referrers (2.0, 2.1).
package main

import (
	"context"
	"net/http"

	"github.com/containerd/containerd/v2/core/remotes/docker"
	"github.com/containerd/containerd/v2/core/remotes/docker/config"
)

func run(c hostsCase) answer {
	hosts, err := config.ConfigureHosts(context.Background(), config.HostOptions{HostDir: hostDirFromRoots(c.Roots, config.HostDirFromRoot)})(c.Host)
	return answerOf(hosts, err, func(h docker.RegistryHost) (string, string, string, []string, http.Header, *http.Client) {
		return h.Scheme, h.Host, h.Path, capabilityNames(uint(h.Capabilities), docker.HostCapabilityPull, docker.HostCapabilityResolve, docker.HostCapabilityPush, referrersCapability), h.Header, h.Client
	})
}

func main() {
	serveBatch(run, map[string]any{"release": moduleVersion("github.com/containerd/containerd/v2")})
}
