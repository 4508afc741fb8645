// What crane (go-containerregistry) does with an image before it talks to the registry:
// pkg/name.ParseReference, then authn.DefaultKeychain.Resolve for the repository.
//
// case:   {"image","env":{"HOME":"…","DOCKER_CONFIG":"…","REGISTRY_AUTH_FILE":"…",…}}
// answer: {"nameError","registry","repository","identifier","name","keychainError","anonymous","username",
//
//	"password","identityToken","registryToken"}; the reply names the ggcr "release".
//
// Secrets are never printed: each is reported as "" (absent) or a short SHA-256 of its value.
package main

import (
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
)

type keychainCase struct {
	Image string            `json:"image"`
	Env   map[string]string `json:"env"`
}

func (c keychainCase) environment() map[string]string { return c.Env }

type answer struct {
	NameError     string `json:"nameError"`
	Registry      string `json:"registry"`
	Repository    string `json:"repository"`
	Identifier    string `json:"identifier"`
	Name          string `json:"name"`
	KeychainError string `json:"keychainError"`
	Anonymous     bool   `json:"anonymous"`
	Username      string `json:"username"`
	Password      string `json:"password"`
	IdentityToken string `json:"identityToken"`
	RegistryToken string `json:"registryToken"`
}

func run(c keychainCase) answer {
	ref, err := name.ParseReference(c.Image)
	if err != nil {
		return answer{NameError: err.Error()}
	}
	repository := ref.Context()
	out := answer{Registry: repository.RegistryStr(), Repository: repository.RepositoryStr(), Identifier: ref.Identifier(), Name: ref.Name()}
	authenticator, err := authn.DefaultKeychain.Resolve(repository)
	if err != nil {
		out.KeychainError = err.Error()
		return out
	}
	if authenticator == authn.Anonymous {
		out.Anonymous = true
		return out
	}
	config, err := authenticator.Authorization()
	if err != nil {
		out.KeychainError = err.Error()
		return out
	}
	out.Username = config.Username
	out.Password = fingerprint(config.Password)
	out.IdentityToken = fingerprint(config.IdentityToken)
	out.RegistryToken = fingerprint(config.RegistryToken)
	return out
}

func main() {
	serveBatch(run, map[string]any{"release": moduleVersion("github.com/google/go-containerregistry")})
}
