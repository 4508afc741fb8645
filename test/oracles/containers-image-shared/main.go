// Shared body of the containers-image-* oracles: each oracle directory links this file and adds a
// small image.go that binds these names to its containers/image release.
//
// stdin: a JSON array of cases; stdout: a JSON array of answers, one per case, in order. For each
// case the process environment is replaced by the case's, the registries.conf cache is dropped,
// and the image is parsed and looked up exactly as the docker:// transport does.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/sirupsen/logrus"
)

type request struct {
	ID    string            `json:"id"`
	Env   map[string]string `json:"env"`
	Image string            `json:"image"`
	// Key, when set, is looked up with GetCredentials instead of parsing Image.
	Key string `json:"key"`
	// the --authfile flag; skopeo's default for it is $REGISTRY_AUTH_FILE
	AuthFile string `json:"authFile"`
	// SystemContext.SystemRegistriesConfPath (skopeo --registries-conf, CONTAINERS_REGISTRIES_CONF)
	RegistriesConf string `json:"registriesConf"`
	// SystemContext.SystemRegistriesConfDirPath
	RegistriesConfDir string `json:"registriesConfDir"`
	// Links are re-pointed before the case runs. containers/storage reads $HOME once per process,
	// so a batch keeps HOME at one path and moves that path from case to case.
	Links []struct {
		Path   string `json:"path"`
		Target string `json:"target"`
	} `json:"links"`
}

type answer struct {
	ID string `json:"id"`
	// Name is ref.Name(), the key containers/image looks up; empty when the image did not parse
	Name          string   `json:"name"`
	ParseError    *string  `json:"parseError"`
	Username      *string  `json:"username"`
	SecretPresent bool     `json:"secretPresent"`
	SecretKind    *string  `json:"secretKind"`
	Error         *string  `json:"error"`
	Helpers       []string `json:"helpers"`
	HelpersError  *string  `json:"helpersError"`
	// from containers/image's debug log: "credential helper NAME" and, for auth files, the file
	DecidedBy   *string `json:"decidedBy"`
	DecidedFile *string `json:"decidedFile"`
	// the SHA-256 (hex) of the secret SecretKind names: compared, never printed
	SecretHash *string `json:"secretHash"`
}

var foundLine = regexp.MustCompile(`Found credentials for \S+ in credential helper (\S+)(?: in file (.+?))?"?$`)

func str(s string) *string { return &s }

func hashOf(secret string) *string {
	sum := sha256.Sum256([]byte(secret))
	return str(hex.EncodeToString(sum[:]))
}

func run(req request, log *bytes.Buffer) answer {
	out := answer{ID: req.ID}
	for _, link := range req.Links {
		if err := os.Remove(link.Path); err != nil && !os.IsNotExist(err) {
			fmt.Fprintf(os.Stderr, "re-pointing %s: %v\n", link.Path, err)
			os.Exit(2)
		}
		if err := os.Symlink(link.Target, link.Path); err != nil {
			fmt.Fprintf(os.Stderr, "re-pointing %s: %v\n", link.Path, err)
			os.Exit(2)
		}
	}
	os.Clearenv()
	for name, value := range req.Env {
		os.Setenv(name, value)
	}
	invalidateRegistriesCache()
	authFile := req.AuthFile
	if authFile == "" {
		authFile = os.Getenv("REGISTRY_AUTH_FILE")
	}
	sys := newSystemContext(authFile, req.RegistriesConf, req.RegistriesConfDir)

	helpers, err := credentialHelpers(sys)
	if err != nil {
		out.HelpersError = str(err.Error())
	}
	out.Helpers = helpers

	log.Reset()
	var username, password, token string
	if req.Key != "" {
		out.Name = req.Key
		username, password, token, err = lookupKey(sys, req.Key)
	} else {
		name, parseErr := parseImage(req.Image)
		if parseErr != nil {
			out.ParseError = str(parseErr.Error())
			return out
		}
		out.Name = name
		username, password, token, err = lookupImage(sys, req.Image)
	}
	if err != nil {
		out.Error = str(err.Error())
		return out
	}
	if username != "" || password != "" || token != "" {
		out.Username = str(username)
	}
	switch {
	case token != "":
		out.SecretPresent, out.SecretKind, out.SecretHash = true, str("identitytoken"), hashOf(token)
	case password != "":
		out.SecretPresent, out.SecretKind, out.SecretHash = true, str("password"), hashOf(password)
	}
	for _, line := range strings.Split(log.String(), "\n") {
		if m := foundLine.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			out.DecidedBy = str(m[1])
			if m[2] != "" {
				out.DecidedFile = str(m[2])
			}
		}
	}
	return out
}

func main() {
	var log bytes.Buffer
	logrus.SetOutput(&log)
	logrus.SetLevel(logrus.DebugLevel)
	logrus.SetFormatter(&logrus.TextFormatter{DisableQuote: true, DisableTimestamp: true})

	var reqs []request
	if err := json.NewDecoder(os.Stdin).Decode(&reqs); err != nil {
		fmt.Fprintf(os.Stderr, "bad request: %v\n", err)
		os.Exit(2)
	}
	answers := make([]answer, 0, len(reqs))
	for _, req := range reqs {
		answers = append(answers, run(req, &log))
	}
	if err := json.NewEncoder(os.Stdout).Encode(answers); err != nil {
		fmt.Fprintf(os.Stderr, "write: %v\n", err)
		os.Exit(2)
	}
}
