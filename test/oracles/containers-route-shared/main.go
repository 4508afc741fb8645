// Shared body of the containers-route-* oracles: where containers/image sends a pull or a push.
// Each oracle directory links this file and a bind-*.go that names its release's packages.
//
// stdin: a JSON array of cases; stdout: a JSON array of answers in order. For each case the
// environment is replaced by the case's and the registries.conf cache is dropped. A short name
// is resolved with pkg/shortnames Resolve (as podman and buildah do; stdin and stdout are pipes,
// so there is no terminal to prompt on); then for each candidate, pkg/sysregistriesv2
// FindRegistry and PullSourcesFromReference give the endpoints the docker:// transport tries,
// in order, and FindRegistry on each endpoint's reference says whether the client refuses it
// as blocked. A push uses the reference as it is. The merged credential-helpers list
// (sysregistriesv2.CredentialHelpers) comes with each answer.
package main

import (
	_ "crypto/sha256" // the real programs link these (TLS), which makes go-digest accept sha256 and sha512
	_ "crypto/sha512"
	"encoding/json"
	"fmt"
	"os"
)

type request struct {
	ID    string            `json:"id"`
	Env   map[string]string `json:"env"`
	Image string            `json:"image"`
	// "pull" (podman/buildah: short names resolved), "pull-transport" (skopeo: docker:// parsing only), "push"
	Op                string `json:"op"`
	RegistriesConf    string `json:"registriesConf"`
	RegistriesConfDir string `json:"registriesConfDir"`
	AliasFile         string `json:"aliasFile"`
}

type source struct {
	Reference      string `json:"reference"`
	Name           string `json:"name"`
	Mirror         bool   `json:"mirror"`
	Insecure       bool   `json:"insecure"`
	PullFromMirror string `json:"pullFromMirror"`
	Blocked        bool   `json:"blocked"`
	BlockedPrefix  string `json:"blockedPrefix"`
}

type candidate struct {
	Value   string   `json:"value"`
	Sources []source `json:"sources"`
	Error   *string  `json:"error"`
}

type answer struct {
	ID          string      `json:"id"`
	Mode        string      `json:"mode"`
	ModeError   *string     `json:"modeError"`
	Description string      `json:"description"`
	Error       *string     `json:"error"`
	Candidates  []candidate `json:"candidates"`
	Helpers     []string    `json:"helpers"` // CredentialHelpers: the merged list (null when loading fails)
}

func str(s string) *string { return &s }

func modeName(sys *systemContext) (string, *string) {
	mode, err := getShortNameMode(sys)
	if err != nil {
		return "", str(err.Error())
	}
	switch mode {
	case modeDisabled:
		return "disabled", nil
	case modeEnforcing:
		return "enforcing", nil
	case modePermissive:
		return "permissive", nil
	}
	return fmt.Sprintf("%v", mode), nil
}

// blockedBy is the check newDockerClient makes for the reference it is about to contact.
func blockedBy(sys *systemContext, name string) (bool, string, error) {
	reg, err := findRegistry(sys, name)
	if err != nil || reg == nil {
		return false, "", err
	}
	return reg.Blocked, reg.Prefix, nil
}

func sources(sys *systemContext, ref named, op string) ([]source, error) {
	if op == "push" {
		blocked, prefix, err := blockedBy(sys, ref.Name())
		if err != nil {
			return nil, err
		}
		reg, _ := findRegistry(sys, ref.Name())
		insecure := reg != nil && reg.Insecure
		return []source{{Reference: ref.String(), Name: ref.Name(), Insecure: insecure, Blocked: blocked, BlockedPrefix: prefix}}, nil
	}
	reg, err := findRegistry(sys, ref.Name())
	if err != nil {
		return nil, fmt.Errorf("loading registries configuration: %w", err)
	}
	if reg == nil {
		reg = &registry{Endpoint: endpoint{Location: ref.String()}, Prefix: ref.String()}
	}
	pulls, err := reg.PullSourcesFromReference(ref)
	if err != nil {
		return nil, err
	}
	out := make([]source, 0, len(pulls))
	for index, pull := range pulls {
		blocked, prefix, err := blockedBy(sys, pull.Reference.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, source{
			Reference:      pull.Reference.String(),
			Name:           pull.Reference.Name(),
			Mirror:         index < len(pulls)-1,
			Insecure:       pull.Endpoint.Insecure,
			PullFromMirror: pull.Endpoint.PullFromMirror,
			Blocked:        blocked,
			BlockedPrefix:  prefix,
		})
	}
	return out, nil
}

func run(req request) answer {
	os.Clearenv()
	for name, value := range req.Env {
		os.Setenv(name, value)
	}
	invalidateCache()
	sys := &systemContext{SystemRegistriesConfPath: req.RegistriesConf, SystemRegistriesConfDirPath: req.RegistriesConfDir, UserShortNameAliasConfPath: req.AliasFile}
	out := answer{ID: req.ID, Candidates: []candidate{}}
	out.Mode, out.ModeError = modeName(sys)
	if helpers, err := credHelpers(sys); err == nil {
		out.Helpers = helpers
	}

	var values []named
	if req.Op == "pull" {
		resolved, description, err := candidateValues(sys, req.Image)
		if err != nil {
			out.Error = str(err.Error())
			return out
		}
		values, out.Description = resolved, description
	} else {
		ref, err := parseNormalized(req.Image)
		if err != nil {
			out.Error = str(err.Error())
			return out
		}
		values = []named{tagNameOnly(ref)}
	}
	for _, value := range values {
		item := candidate{Value: value.String(), Sources: []source{}}
		found, err := sources(sys, value, req.Op)
		if err != nil {
			item.Error = str(err.Error())
		} else {
			item.Sources = found
		}
		out.Candidates = append(out.Candidates, item)
	}
	return out
}

func main() {
	var reqs []request
	if err := json.NewDecoder(os.Stdin).Decode(&reqs); err != nil {
		fmt.Fprintf(os.Stderr, "bad request: %v\n", err)
		os.Exit(2)
	}
	answers := make([]answer, 0, len(reqs))
	for _, req := range reqs {
		answers = append(answers, run(req))
	}
	if err := json.NewEncoder(os.Stdout).Encode(answers); err != nil {
		fmt.Fprintf(os.Stderr, "write: %v\n", err)
		os.Exit(2)
	}
}
