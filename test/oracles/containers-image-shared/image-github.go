package main

// Bindings for the releases published as github.com/containers/image/v5 (see each go.mod).

import (
	_ "crypto/sha256" // the real programs link these (TLS), which makes go-digest accept sha384 and sha512
	_ "crypto/sha512"
	"errors"
	"github.com/containers/image/v5/docker/reference"
	"github.com/containers/image/v5/pkg/docker/config"
	"github.com/containers/image/v5/pkg/sysregistriesv2"
	"github.com/containers/image/v5/types"
)

// The docker:// transport parses with this release's copy of the reference grammar, then refuses
// a tag and a digest together. The transport itself is not linked in: its dependencies would make
// a cold build of this oracle five times slower, so its one extra refusal is restated below.

func newSystemContext(authFile, registriesConf, registriesConfDir string) *types.SystemContext {
	return &types.SystemContext{AuthFilePath: authFile, SystemRegistriesConfPath: registriesConf, SystemRegistriesConfDirPath: registriesConfDir}
}

func invalidateRegistriesCache() { sysregistriesv2.InvalidateCache() }

func credentialHelpers(sys *types.SystemContext) ([]string, error) {
	return sysregistriesv2.CredentialHelpers(sys)
}

func parseImage(image string) (string, error) {
	ref, err := parseRef(image)
	if err != nil {
		return "", err
	}
	return ref.Name(), nil
}

func parseRef(image string) (reference.Named, error) {
	ref, err := reference.ParseNormalizedNamed(image)
	if err != nil {
		return nil, err
	}
	ref = reference.TagNameOnly(ref)
	_, tagged := ref.(reference.NamedTagged)
	_, digested := ref.(reference.Canonical)
	if tagged && digested {
		return nil, errors.New("Docker references with both a tag and digest are currently not supported")
	}
	return ref, nil
}

func lookupImage(sys *types.SystemContext, image string) (string, string, string, error) {
	ref, err := parseRef(image)
	if err != nil {
		return "", "", "", err
	}
	creds, err := config.GetCredentialsForRef(sys, ref)
	return creds.Username, creds.Password, creds.IdentityToken, err
}

func lookupKey(sys *types.SystemContext, key string) (string, string, string, error) {
	creds, err := config.GetCredentials(sys, key)
	return creds.Username, creds.Password, creds.IdentityToken, err
}
