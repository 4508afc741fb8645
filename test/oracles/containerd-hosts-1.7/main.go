// containerd 1.7's registry host configuration (remotes/docker/config.ConfigureHosts), as the CRI
// plugin builds it from `config_path`: the hosts tried for a registry, in order.
//
// case:   {"roots":["/etc/containerd/certs.d"],"host":"docker.io"}
// answer: {"error","hosts":[{"scheme","host","path","capabilities":[…],"authorization","skipVerify",
//          "clientCertificates","fallback","header"}]}
package main

import (
	"context"
	"net/http"

	"github.com/containerd/containerd/remotes/docker"
	"github.com/containerd/containerd/remotes/docker/config"
)

func run(c hostsCase) answer {
	hosts, err := config.ConfigureHosts(context.Background(), config.HostOptions{HostDir: hostDirFromRoots(c.Roots, config.HostDirFromRoot)})(c.Host)
	return answerOf(hosts, err, func(h docker.RegistryHost) (string, string, string, []string, http.Header, *http.Client) {
		return h.Scheme, h.Host, h.Path, capabilityNames(uint(h.Capabilities), docker.HostCapabilityPull, docker.HostCapabilityResolve, docker.HostCapabilityPush, 0), h.Header, h.Client
	})
}

func main() {
	serveBatch(run, map[string]any{"release": moduleVersion("github.com/containerd/containerd")})
}
