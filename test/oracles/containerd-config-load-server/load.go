// containerd 2.0–2.2: the daemon's main loads the files onto its defaults (srvconfig.LoadConfig,
// which migrates a version 1 file with the server's migrations only), then server.New runs the
// server's migrations and each plugin's ConfigMigration from the version the loaded config has.
package main

import (
	"context"

	srvconfig "github.com/containerd/containerd/v2/cmd/containerd/server/config"
	"github.com/containerd/containerd/v2/version"
	"github.com/containerd/plugin"
	"github.com/containerd/plugin/registry"
)

func loadConfig(ctx context.Context, path string) (*srvconfig.Config, int, error) {
	// the daemon's defaults start at the release's own version (cmd/containerd/command defaultConfig)
	cfg := &srvconfig.Config{Version: version.ConfigVersion}
	if err := srvconfig.LoadConfig(ctx, path, cfg); err != nil {
		return nil, 0, err
	}
	current := cfg.Version
	if err := cfg.MigrateConfig(ctx); err != nil {
		return nil, current, err
	}
	for v := current; v < version.ConfigVersion; v++ {
		for _, p := range registry.Graph(func(*plugin.Registration) bool { return false }) {
			if p.ConfigMigration != nil {
				if err := p.ConfigMigration(ctx, v, cfg.Plugins); err != nil {
					return nil, current, err
				}
			}
		}
	}
	return cfg, current, nil
}
