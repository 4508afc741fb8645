// containerd 2.x's reading of config.toml up to the CRI image service's registry table: the
// server config loader and every registered plugin's ConfigMigration up to the release's own
// config version (version.ConfigVersion). The images plugin is linked in, so its migration (the
// CRI plugin's registry over its own) runs. How loading and migration are sequenced differs
// between releases: each oracle includes containerd-config-load-server (2.0–2.2) or
// containerd-config-load-plugins (2.3 and later) for its loadConfig.
//
// case:   {"path":"/tmp/…/config.toml"}
// answer: {"error","version" (the file's),"registry":{…the io.containerd.cri.v1.images registry table…}|null}
package main

import (
	"context"

	_ "github.com/containerd/containerd/v2/plugins/cri/images"
)

type configCase struct {
	Path string `json:"path"`
}

func (c configCase) environment() map[string]string { return nil }

type answer struct {
	Error    string `json:"error"`
	Version  int    `json:"version"`
	Registry any    `json:"registry"`
}

func run(c configCase) answer {
	cfg, current, err := loadConfig(context.Background(), c.Path)
	if err != nil {
		return answer{Error: err.Error(), Version: current}
	}
	out := answer{Version: current}
	if images, ok := cfg.Plugins["io.containerd.cri.v1.images"].(map[string]any); ok {
		out.Registry = images["registry"]
	}
	return out
}

func main() {
	serveBatch(run, map[string]any{"release": moduleVersion("github.com/containerd/containerd/v2")})
}
