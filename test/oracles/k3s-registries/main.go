// k3s's registries.yaml as k3s reads it (github.com/rancher/wharfie/pkg/registries: the Registry
// type, unmarshalled with gopkg.in/yaml.v2 by GetPrivateRegistries): the mirrors and configs it
// hands to the containerd configuration.
//
// case:   {"path":"/etc/rancher/k3s/registries.yaml"}
// answer: {"error","mirrors":[{"key","endpoints","rewrites"}],"configs":[{"key","auth","tls","skipVerify","caFile"}]}
package main

import (
	"sort"

	"github.com/rancher/wharfie/pkg/registries"
)

type registriesCase struct {
	Path string `json:"path"`
}

func (c registriesCase) environment() map[string]string { return nil }

type mirror struct {
	Key       string            `json:"key"`
	Endpoints []string          `json:"endpoints"`
	Rewrites  map[string]string `json:"rewrites"`
}

type auth struct {
	Username      string `json:"username"`
	Password      string `json:"password"`
	Auth          string `json:"auth"`
	IdentityToken string `json:"identityToken"`
}

type config struct {
	Key        string `json:"key"`
	Auth       *auth  `json:"auth"`
	TLS        bool   `json:"tls"`
	SkipVerify bool   `json:"skipVerify"`
	CAFile     string `json:"caFile"`
}

type answer struct {
	Error   string   `json:"error"`
	Mirrors []mirror `json:"mirrors"`
	Configs []config `json:"configs"`
}

func run(c registriesCase) answer {
	out := answer{Mirrors: []mirror{}, Configs: []config{}}
	registry, err := registries.GetPrivateRegistries(c.Path)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	for key, m := range registry.Registry.Mirrors {
		endpoints := m.Endpoints
		if endpoints == nil {
			endpoints = []string{}
		}
		rewrites := m.Rewrites
		if rewrites == nil {
			rewrites = map[string]string{}
		}
		out.Mirrors = append(out.Mirrors, mirror{Key: key, Endpoints: endpoints, Rewrites: rewrites})
	}
	for key, rc := range registry.Registry.Configs {
		item := config{Key: key, TLS: rc.TLS != nil}
		if rc.Auth != nil {
			item.Auth = &auth{Username: rc.Auth.Username, Password: rc.Auth.Password, Auth: rc.Auth.Auth, IdentityToken: rc.Auth.IdentityToken}
		}
		if rc.TLS != nil {
			item.SkipVerify = rc.TLS.InsecureSkipVerify
			item.CAFile = rc.TLS.CAFile
		}
		out.Configs = append(out.Configs, item)
	}
	sort.Slice(out.Mirrors, func(i, j int) bool { return out.Mirrors[i].Key < out.Mirrors[j].Key })
	sort.Slice(out.Configs, func(i, j int) bool { return out.Configs[i].Key < out.Configs[j].Key })
	return out
}

func main() {
	serveBatch(run, map[string]any{"release": moduleVersion("github.com/rancher/wharfie")})
}
