// The referrers capability bit, for the containerd releases that have it (2.2 and later).
package main

import "github.com/containerd/containerd/v2/core/remotes/docker"

const referrersCapability = docker.HostCapabilityReferrers
