package main

// Bindings for the releases published as github.com/containers/image/v5 (see each go.mod).

import (
	"github.com/containers/image/v5/docker/reference"
	"github.com/containers/image/v5/pkg/shortnames"
	"github.com/containers/image/v5/pkg/sysregistriesv2"
	"github.com/containers/image/v5/types"
)

type systemContext = types.SystemContext
type named = reference.Named
type registry = sysregistriesv2.Registry
type endpoint = sysregistriesv2.Endpoint

var (
	findRegistry     = sysregistriesv2.FindRegistry
	invalidateCache  = sysregistriesv2.InvalidateCache
	getShortNameMode = sysregistriesv2.GetShortNameMode
	credHelpers      = sysregistriesv2.CredentialHelpers
	resolveShortName = shortnames.Resolve
	parseNormalized  = reference.ParseNormalizedNamed
	tagNameOnly      = reference.TagNameOnly
	modeDisabled     = types.ShortNameModeDisabled
	modeEnforcing    = types.ShortNameModeEnforcing
	modePermissive   = types.ShortNameModePermissive
)

func candidateValues(sys *systemContext, image string) ([]named, string, error) {
	resolved, err := resolveShortName(sys, image)
	if err != nil {
		return nil, "", err
	}
	values := make([]named, 0, len(resolved.PullCandidates))
	for _, candidate := range resolved.PullCandidates {
		values = append(values, candidate.Value)
	}
	return values, resolved.Description(), nil
}
