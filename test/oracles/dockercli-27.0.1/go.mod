module regauth.test/oracles/dockercli-27.0.1

go 1.22

require github.com/docker/cli v27.0.1+incompatible

require github.com/sirupsen/logrus v1.9.3

require github.com/docker/docker-credential-helpers v0.8.2 // indirect

require github.com/pkg/errors v0.9.1 // indirect

require (
	golang.org/x/sys v0.15.0 // indirect
	gotest.tools/v3 v3.5.2 // indirect
)
