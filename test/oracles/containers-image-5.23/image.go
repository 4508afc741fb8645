package main

// containers/image v5.23.1: the release Debian's skopeo 1.9.3 and podman 4.3.1 are built with.

import (
	"github.com/containers/image/v5/docker"
	"github.com/containers/image/v5/docker/reference"
	"github.com/containers/image/v5/pkg/docker/config"
	"github.com/containers/image/v5/pkg/sysregistriesv2"
	"github.com/containers/image/v5/types"
)

var _ reference.Named // the transport parses with this release's copy of the reference grammar

func newSystemContext(authFile, registriesConf, registriesConfDir string) *types.SystemContext {
	return &types.SystemContext{AuthFilePath: authFile, SystemRegistriesConfPath: registriesConf, SystemRegistriesConfDirPath: registriesConfDir}
}

func invalidateRegistriesCache() { sysregistriesv2.InvalidateCache() }

func credentialHelpers(sys *types.SystemContext) ([]string, error) {
	return sysregistriesv2.CredentialHelpers(sys)
}

func parseImage(image string) (string, error) {
	ref, err := docker.ParseReference("//" + image)
	if err != nil {
		return "", err
	}
	return ref.DockerReference().Name(), nil
}

func lookupImage(sys *types.SystemContext, image string) (string, string, string, error) {
	ref, err := docker.ParseReference("//" + image)
	if err != nil {
		return "", "", "", err
	}
	creds, err := config.GetCredentialsForRef(sys, ref.DockerReference())
	return creds.Username, creds.Password, creds.IdentityToken, err
}

func lookupKey(sys *types.SystemContext, key string) (string, string, string, error) {
	creds, err := config.GetCredentials(sys, key)
	return creds.Username, creds.Password, creds.IdentityToken, err
}
