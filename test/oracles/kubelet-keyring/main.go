// The kubelet's pull-secret keyring (k8s.io/kubernetes/pkg/credentialprovider), two ways:
//
//   - a bare keyring: each text decoded into DockerConfigJSON, added to a BasicDockerKeyring,
//     then Lookup with a name already normalised by the caller;
//     case: {"secrets":["<.dockerconfigjson text>", …],"name":"docker.io/library/ubuntu"}
//   - the kubelet's own path for a pod: the image parsed with parsers.ParseImageName, the pod's
//     pull secrets (Secret objects named secret-0, secret-1, … in the order given) turned into a
//     keyring by credentialprovider/secrets.MakeDockerKeyring, then Lookup with the parsed name;
//     the node has no credentials of its own; an image the parser refuses fails as the pod
//     reports it;
//     case: {"pullSecrets":[{"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"<base64>"}}, …],"image":"…"}
//
// answer: {"error","name","found","matches":[{"username","password","secret"}]} (passwords as
// fingerprints; "secret" names the pull secret a match came from, "" in the bare form)
package main

import (
	"encoding/json"
	"fmt"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/kubernetes/pkg/credentialprovider"
	"k8s.io/kubernetes/pkg/credentialprovider/secrets"
	"k8s.io/kubernetes/pkg/util/parsers"
)

type pullSecret struct {
	Type string            `json:"type"`
	Data map[string][]byte `json:"data"`
}

type keyringCase struct {
	Secrets     []string     `json:"secrets"`
	Name        string       `json:"name"`
	PullSecrets []pullSecret `json:"pullSecrets"`
	Image       string       `json:"image"`
}

func (c keyringCase) environment() map[string]string { return nil }

type match struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Secret   string `json:"secret"`
}

type answer struct {
	Error   string  `json:"error"`
	Name    string  `json:"name"`
	Found   bool    `json:"found"`
	Matches []match `json:"matches"`
}

func failed(err error, name string) answer {
	return answer{Error: err.Error(), Name: name, Matches: []match{}}
}

func lookup(keyring credentialprovider.DockerKeyring, name string) answer {
	out := answer{Name: name, Matches: []match{}}
	if keyring == nil {
		return out
	}
	found, ok := keyring.Lookup(name)
	out.Found = ok
	for _, tracked := range found {
		item := match{Username: tracked.Username, Password: fingerprint(tracked.Password)}
		if tracked.Source != nil && tracked.Source.Secret != nil {
			item.Secret = tracked.Source.Secret.Name
		}
		out.Matches = append(out.Matches, item)
	}
	return out
}

func bareKeyring(c keyringCase) answer {
	keyring := &credentialprovider.BasicDockerKeyring{}
	for _, text := range c.Secrets {
		config := credentialprovider.DockerConfigJSON{}
		if err := json.Unmarshal([]byte(text), &config); err != nil {
			return failed(err, c.Name)
		}
		keyring.Add(nil, config.Auths)
	}
	return lookup(keyring, c.Name)
}

func podKeyring(c keyringCase) answer {
	name, _, _, err := parsers.ParseImageName(c.Image)
	if err != nil {
		// the message a pod reports (pkg/kubelet/images/image_manager.go, EnsureImageExists: the
		// image is parsed by applyDefaultImageTag before any credential is looked up)
		return failed(fmt.Errorf("Failed to apply default image tag %q: %v", c.Image, err), "")
	}
	objects := make([]v1.Secret, 0, len(c.PullSecrets))
	for index, item := range c.PullSecrets {
		secretName := fmt.Sprintf("secret-%d", index)
		objects = append(objects, v1.Secret{
			ObjectMeta: metav1.ObjectMeta{Name: secretName, Namespace: "default", UID: types.UID("uid-" + secretName)},
			Type:       v1.SecretType(item.Type),
			Data:       item.Data,
		})
	}
	keyring, err := secrets.MakeDockerKeyring(objects, nil)
	if err != nil {
		return failed(err, name)
	}
	return lookup(keyring, name)
}

func run(c keyringCase) answer {
	if c.Image != "" {
		return podKeyring(c)
	}
	return bareKeyring(c)
}

func main() {
	serveBatch(run, map[string]any{"release": moduleVersion("k8s.io/kubernetes")})
}
