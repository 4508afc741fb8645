// Shared by the containerd-hosts oracles (named in their `include` file): the case and answer
// shapes, and the CRI plugin's hostDirFromRoots (config_path: roots separated by colons, the
// first root with a directory for the host wins).
package main

import (
	"net/http"
	"strings"
)

type hostsCase struct {
	Roots []string `json:"roots"`
	Host  string   `json:"host"`
}

func (c hostsCase) environment() map[string]string { return nil }

type hostAnswer struct {
	Scheme        string   `json:"scheme"`
	Host          string   `json:"host"`
	Path          string   `json:"path"`
	Capabilities  []string `json:"capabilities"`
	Authorization bool     `json:"authorization"`
}

type answer struct {
	Error string       `json:"error"`
	Hosts []hostAnswer `json:"hosts"`
}

func hostDirFromRoots(roots []string, fromRoot func(string) func(string) (string, error)) func(string) (string, error) {
	return func(host string) (string, error) {
		for _, root := range roots {
			dir, err := fromRoot(root)(host)
			if dir != "" {
				return dir, nil
			}
			if err != nil && !strings.Contains(err.Error(), "not found") {
				return "", err
			}
		}
		return "", nil
	}
}

func capabilityNames[T ~uint8 | ~uint](caps uint, pull, resolve, push, referrers T) []string {
	names := []string{}
	for _, item := range []struct {
		bit  uint
		name string
	}{{uint(pull), "pull"}, {uint(resolve), "resolve"}, {uint(push), "push"}, {uint(referrers), "referrers"}} {
		if item.bit != 0 && caps&item.bit != 0 {
			names = append(names, item.name)
		}
	}
	return names
}

// answerOf lists the hosts ConfigureHosts returned (or its error), each read through `fields`.
func answerOf[H any](hosts []H, err error, fields func(H) (scheme, host, path string, capabilities []string, header http.Header)) answer {
	if err != nil {
		return answer{Error: err.Error(), Hosts: []hostAnswer{}}
	}
	out := answer{Hosts: []hostAnswer{}}
	for _, host := range hosts {
		out.Hosts = append(out.Hosts, describe(fields(host)))
	}
	return out
}

func describe(scheme, host, path string, capabilities []string, header http.Header) hostAnswer {
	// the file's header names are kept as written (not canonicalised); any spelling is sent
	authorization := false
	for name, values := range header {
		if strings.EqualFold(name, "Authorization") && len(values) > 0 && values[0] != "" {
			authorization = true
		}
	}
	return hostAnswer{Scheme: scheme, Host: host, Path: path, Capabilities: capabilities, Authorization: authorization}
}
