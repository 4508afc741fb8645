module regauth.test/oracles/dockercli-20.10

go 1.22

require github.com/docker/cli v20.10.17+incompatible

require github.com/sirupsen/logrus v1.7.0

require github.com/docker/docker-credential-helpers v0.6.4 // indirect

require github.com/pkg/errors v0.9.1 // indirect

require github.com/docker/docker v20.10.14+incompatible // indirect

require (
	golang.org/x/sys v0.12.0 // indirect
	gotest.tools/v3 v3.5.2 // indirect
)
