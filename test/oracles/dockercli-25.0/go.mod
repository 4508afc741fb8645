module regauth.test/oracles/dockercli-25.0

go 1.22

require github.com/docker/cli v25.0.1+incompatible

require github.com/sirupsen/logrus v1.9.3

require github.com/docker/docker-credential-helpers v0.8.1 // indirect

require github.com/pkg/errors v0.9.1 // indirect

require github.com/docker/docker v25.0.0+incompatible // indirect

require (
	golang.org/x/sys v0.15.0 // indirect
	gotest.tools/v3 v3.5.2 // indirect
)
