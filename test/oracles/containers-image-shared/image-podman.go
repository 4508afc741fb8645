package main

// Bindings for the releases published as go.podman.io/image/v5 (see each go.mod).

import (
	"go.podman.io/image/v5/docker"
	"go.podman.io/image/v5/docker/reference"
	"go.podman.io/image/v5/pkg/docker/config"
	"go.podman.io/image/v5/pkg/sysregistriesv2"
	"go.podman.io/image/v5/types"
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
