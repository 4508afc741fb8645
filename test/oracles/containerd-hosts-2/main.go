// containerd 2.x's registry host configuration (core/remotes/docker/config.ConfigureHosts), as
// the CRI image service builds it from `config_path`: the hosts tried for a registry, in order.
//
// case:   {"roots":["/etc/containerd/certs.d"],"host":"docker.io"}
// answer: {"error","hosts":[{"scheme","host","path","capabilities":[…],"authorization"}]}
package main

import (
	"context"

	"github.com/containerd/containerd/v2/core/remotes/docker"
	"github.com/containerd/containerd/v2/core/remotes/docker/config"
)

func run(c hostsCase) answer {
	hosts, err := config.ConfigureHosts(context.Background(), config.HostOptions{HostDir: hostDirFromRoots(c.Roots, config.HostDirFromRoot)})(c.Host)
	if err != nil {
		return answer{Error: err.Error(), Hosts: []hostAnswer{}}
	}
	out := answer{Hosts: []hostAnswer{}}
	for _, host := range hosts {
		out.Hosts = append(out.Hosts, describe(host.Scheme, host.Host, host.Path, capabilityNames(uint(host.Capabilities), docker.HostCapabilityPull, docker.HostCapabilityResolve, docker.HostCapabilityPush, docker.HostCapabilityReferrers), host.Header))
	}
	return out
}

func main() {
	serveBatch(run, map[string]any{"release": moduleVersion("github.com/containerd/containerd/v2")})
}
