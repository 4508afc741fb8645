// The Docker CLI's own credential lookup (cli/config LoadDefaultConfigFile, then
// ConfigFile.GetAuthConfig), compiled against one docker/cli release per oracle directory.
//
// case:   {"configDir","key","env":{"HOME":"…","PATH":"…","DOCKER_AUTH_CONFIG":"…"}}
// answer: {"serverAddress","username","password","identityToken","registryToken","error",
//
//	"warning","stderr","credsStore"}; the reply also names the docker/cli "release".
//
// Secrets are never printed: each is reported as "" (absent) or a short SHA-256 of its value.
// Each case runs as `docker --config DIR` would: SetDir, then the CLI's own loading and lookup;
// a case with an empty configDir runs as plain `docker`, which finds its directory from
// DOCKER_CONFIG or HOME in the case's environment.
package main

import (
	"bytes"
	"io"
	"os"

	"github.com/docker/cli/cli/config"
	"github.com/sirupsen/logrus"
)

type dockerCase struct {
	ConfigDir string            `json:"configDir"`
	Key       string            `json:"key"`
	Env       map[string]string `json:"env"`
}

func (c dockerCase) environment() map[string]string { return c.Env }

type answer struct {
	ServerAddress string `json:"serverAddress"`
	Username      string `json:"username"`
	Password      string `json:"password"`
	IdentityToken string `json:"identityToken"`
	RegistryToken string `json:"registryToken"`
	Error         string `json:"error"`
	Warning       string `json:"warning"`
	Stderr        string `json:"stderr"`
	CredsStore    string `json:"credsStore"`
}

func run(c dockerCase) answer {
	var logs bytes.Buffer
	logrus.SetOutput(&logs)
	stderr, err := os.CreateTemp("", "dockercli-oracle-stderr")
	if err != nil {
		panic(err)
	}
	defer os.Remove(stderr.Name())
	realStderr := os.Stderr
	os.Stderr = stderr

	var warning bytes.Buffer
	if c.ConfigDir != "" {
		config.SetDir(c.ConfigDir)
	}
	file := config.LoadDefaultConfigFile(&warning)
	auth, lookupErr := file.GetAuthConfig(c.Key)

	os.Stderr = realStderr
	stderr.Seek(0, io.SeekStart)
	printed, _ := io.ReadAll(stderr)
	stderr.Close()

	out := answer{
		ServerAddress: auth.ServerAddress,
		Username:      auth.Username,
		Password:      fingerprint(auth.Password),
		IdentityToken: fingerprint(auth.IdentityToken),
		RegistryToken: fingerprint(auth.RegistryToken),
		Warning:       warning.String(),
		Stderr:        string(printed) + logs.String(),
		CredsStore:    file.CredentialsStore,
	}
	if lookupErr != nil {
		out.Error = lookupErr.Error()
	}
	return out
}

func main() {
	serveBatch(run, map[string]any{"release": moduleVersion("github.com/docker/cli")})
}
