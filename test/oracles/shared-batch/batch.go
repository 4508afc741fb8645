// Batch protocol shared by oracles (named in their `include` file): a JSON request
// {"cases":[…]} on stdin, {"answers":[…], …} on stdout, one answer per case in order.
//
// Clients read their environment once per process (some cache the home or config directory),
// so the cases are grouped by the environment they give and every group runs in a fresh child
// process started with exactly that environment, as the real program would be.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"runtime/debug"
	"sort"
	"strings"
)

const childMarker = "REGAUTH_ORACLE_CHILD"

type batchCase interface {
	environment() map[string]string
}

func environmentList(variables map[string]string) []string {
	env := make([]string, 0, len(variables)+1)
	for name, value := range variables {
		env = append(env, name+"="+value)
	}
	sort.Strings(env)
	return append(env, childMarker+"=1")
}

func runChild[C batchCase, A any](env []string, cases []C) []A {
	self, err := os.Executable()
	if err != nil {
		panic(err)
	}
	input, err := json.Marshal(map[string]any{"cases": cases})
	if err != nil {
		panic(err)
	}
	child := exec.Command(self)
	child.Env = env
	child.Stdin = strings.NewReader(string(input))
	child.Stderr = os.Stderr
	output, err := child.Output()
	if err != nil {
		panic(err)
	}
	var reply struct {
		Answers []A `json:"answers"`
	}
	if err := json.Unmarshal(output, &reply); err != nil {
		panic(err)
	}
	if len(reply.Answers) != len(cases) {
		panic("child answered a different number of cases")
	}
	return reply.Answers
}

// serveBatch answers every case of the request on stdin with run, and prints the answers with
// the extra fields (e.g. the release the oracle was built against).
func serveBatch[C batchCase, A any](run func(C) A, extra map[string]any) {
	var request struct {
		Cases []C `json:"cases"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&request); err != nil {
		panic(err)
	}
	answers := make([]A, len(request.Cases))
	if os.Getenv(childMarker) == "1" {
		for index, c := range request.Cases {
			answers[index] = run(c)
		}
	} else {
		groups := map[string][]int{}
		var order []string
		for index, c := range request.Cases {
			key := strings.Join(environmentList(c.environment()), "\x00")
			if _, seen := groups[key]; !seen {
				order = append(order, key)
			}
			groups[key] = append(groups[key], index)
		}
		for _, key := range order {
			members := make([]C, 0, len(groups[key]))
			for _, index := range groups[key] {
				members = append(members, request.Cases[index])
			}
			for position, a := range runChild[C, A](strings.Split(key, "\x00"), members) {
				answers[groups[key][position]] = a
			}
		}
	}
	out := map[string]any{"answers": answers}
	for name, value := range extra {
		out[name] = value
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}

// moduleVersion is the version of a module the oracle was built against.
func moduleVersion(path string) string {
	info, ok := readBuildInfo()
	if !ok {
		return ""
	}
	for _, dep := range info.Deps {
		if dep.Path == path {
			return dep.Version
		}
	}
	return ""
}

var readBuildInfo = debug.ReadBuildInfo

// fingerprint stands for a secret in answers: "" when absent, else a short SHA-256 of it, so
// that answers can be compared without ever printing a secret.
func fingerprint(secret string) string {
	if secret == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(secret))
	return "sha256:" + hex.EncodeToString(sum[:6])
}
