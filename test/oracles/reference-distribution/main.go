// distribution/reference, the grammar the Docker CLI and the kubelet normalise image names with:
// ParseNormalizedNamed, then Domain, Path, the tag and digest it kept, and the canonical String().
//
// case:   {"image"}
// answer: {"error","domain","path","name","tag","digest","string"}
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
	Tag    string `json:"tag"`
	Digest string `json:"digest"`
	String string `json:"string"`
}

func run(c referenceCase) answer {
	named, err := reference.ParseNormalizedNamed(c.Image)
	if err != nil {
		return answer{Error: err.Error()}
	}
	out := answer{Domain: reference.Domain(named), Path: reference.Path(named), Name: named.Name(), String: named.String()}
	if tagged, ok := named.(reference.Tagged); ok {
		out.Tag = tagged.Tag()
	}
	if digested, ok := named.(reference.Digested); ok {
		out.Digest = digested.Digest().String()
	}
	return out
}

func main() {
	serveBatch(run, map[string]any{"release": moduleVersion("github.com/distribution/reference")})
}
