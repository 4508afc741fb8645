// The kubelet's pull-secret keyring (k8s.io/kubernetes/pkg/credentialprovider): the secret's
// .dockerconfigjson decoded into DockerConfigJSON, added to a BasicDockerKeyring, then Lookup
// with the image's normalised name, as the kubelet does for each pull.
//
// case:   {"secrets":["<.dockerconfigjson text>", …],"name":"docker.io/library/ubuntu"}
// answer: {"error","found","matches":[{"username","password"}]} (passwords as fingerprints)
package main

import (
	"encoding/json"

	"k8s.io/kubernetes/pkg/credentialprovider"
)

type keyringCase struct {
	Secrets []string `json:"secrets"`
	Name    string   `json:"name"`
}

func (c keyringCase) environment() map[string]string { return nil }

type match struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type answer struct {
	Error   string  `json:"error"`
	Found   bool    `json:"found"`
	Matches []match `json:"matches"`
}

func run(c keyringCase) answer {
	keyring := &credentialprovider.BasicDockerKeyring{}
	for _, text := range c.Secrets {
		config := credentialprovider.DockerConfigJSON{}
		if err := json.Unmarshal([]byte(text), &config); err != nil {
			return answer{Error: err.Error(), Matches: []match{}}
		}
		keyring.Add(nil, config.Auths)
	}
	found, ok := keyring.Lookup(c.Name)
	out := answer{Found: ok, Matches: []match{}}
	for _, tracked := range found {
		out.Matches = append(out.Matches, match{Username: tracked.Username, Password: fingerprint(tracked.Password)})
	}
	return out
}

func main() {
	serveBatch(run, map[string]any{"release": moduleVersion("k8s.io/kubernetes")})
}
