// Shared by the containerd-hosts oracles (named in their `include` file): the case and answer
// shapes, and the CRI plugin's hostDirFromRoots (config_path: roots separated by colons, the
// first root with a directory for the host wins).
package main

import (
	"net/http"
	"reflect"
	"strings"
	"unsafe"
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
	// the TLS the host's client uses: certificate checks skipped, client certificates loaded,
	// and whether a plain-http host is tried over https first (the http fallback transport)
	SkipVerify         bool `json:"skipVerify"`
	ClientCertificates int  `json:"clientCertificates"`
	Fallback           bool `json:"fallback"`
	// the host's own headers (names as the file writes them)
	Header http.Header `json:"header"`
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
func answerOf[H any](hosts []H, err error, fields func(H) (scheme, host, path string, capabilities []string, header http.Header, client *http.Client)) answer {
	if err != nil {
		return answer{Error: err.Error(), Hosts: []hostAnswer{}}
	}
	out := answer{Hosts: []hostAnswer{}}
	for _, host := range hosts {
		out.Hosts = append(out.Hosts, describe(fields(host)))
	}
	return out
}

func describe(scheme, host, path string, capabilities []string, header http.Header, client *http.Client) hostAnswer {
	// the file's header names are kept as written (not canonicalised); any spelling is sent
	authorization := false
	for name, values := range header {
		if strings.EqualFold(name, "Authorization") && len(values) > 0 && values[0] != "" {
			authorization = true
		}
	}
	out := hostAnswer{Scheme: scheme, Host: host, Path: path, Capabilities: capabilities, Authorization: authorization, Header: header}
	if out.Header == nil {
		out.Header = http.Header{}
	}
	if client != nil {
		transport := client.Transport
		if _, plain := transport.(*http.Transport); !plain && transport != nil {
			out.Fallback = true
			transport = wrapped(transport)
		}
		if t, ok := transport.(*http.Transport); ok && t.TLSClientConfig != nil {
			out.SkipVerify = t.TLSClientConfig.InsecureSkipVerify
			out.ClientCertificates = len(t.TLSClientConfig.Certificates)
		}
	}
	return out
}

// wrapped: the transport inside containerd's http fallback round tripper (an unexported field
// in 1.7 and 2.x, a struct embedding it in older releases).
func wrapped(rt http.RoundTripper) http.RoundTripper {
	value := reflect.ValueOf(rt)
	if value.Kind() == reflect.Pointer {
		value = value.Elem()
	}
	if value.Kind() != reflect.Struct {
		return rt
	}
	for _, name := range []string{"super", "RoundTripper"} {
		field := value.FieldByName(name)
		if !field.IsValid() {
			continue
		}
		if !field.CanAddr() {
			copied := reflect.New(value.Type()).Elem()
			copied.Set(value)
			field = copied.FieldByName(name)
		}
		inner := reflect.NewAt(field.Type(), unsafe.Pointer(field.UnsafeAddr())).Elem().Interface()
		if next, ok := inner.(http.RoundTripper); ok {
			return next
		}
	}
	return rt
}
