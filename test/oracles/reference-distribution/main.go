// distribution/reference, the grammar the Docker CLI and the kubelet normalise image names with:
// ParseNormalizedNamed, then Domain and Path.
//
// case:   {"image"}
// answer: {"error","domain","path","name"}
package main

import (
	// go-digest knows an algorithm only once its hash is linked in, as it is in the clients
	_ "crypto/sha256"
	_ "crypto/sha512"

	"github.com/distribution/reference"
)

type referenceCase struct {
	Image string `json:"image"`
}

func (c referenceCase) environment() map[string]string { return nil }

type answer struct {
	Error  string `json:"error"`
	Domain string `json:"domain"`
	Path   string `json:"path"`
	Name   string `json:"name"`
}

func run(c referenceCase) answer {
	named, err := reference.ParseNormalizedNamed(c.Image)
	if err != nil {
		return answer{Error: err.Error()}
	}
	return answer{Domain: reference.Domain(named), Path: reference.Path(named), Name: named.Name()}
}

func main() {
	serveBatch(run, map[string]any{"release": moduleVersion("github.com/distribution/reference")})
}
