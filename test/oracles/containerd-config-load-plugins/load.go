// containerd 2.3 and later: the daemon's main loads each file with the registered plugins
// (srvconfig.LoadConfigWithPlugins), migrating it version by version, server and plugins alike.
package main

import (
	"context"
	"iter"
	"slices"

	srvconfig "github.com/containerd/containerd/v2/cmd/containerd/server/config"
	"github.com/containerd/containerd/v2/version"
	"github.com/containerd/plugin"
	"github.com/containerd/plugin/registry"
)

func loadConfig(ctx context.Context, path string) (*srvconfig.Config, int, error) {
	// the daemon's defaults start at the release's own version (cmd/containerd/command defaultConfig)
	cfg := &srvconfig.Config{Version: version.ConfigVersion}
	graph := registry.Graph(func(*plugin.Registration) bool { return false })
	plugins := func() iter.Seq[plugin.Registration] { return slices.Values(graph) }
	if err := srvconfig.LoadConfigWithPlugins(ctx, path, plugins, cfg); err != nil {
		return nil, 0, err
	}
	return cfg, cfg.Version, nil
}
