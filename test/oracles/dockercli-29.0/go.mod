module regauth.test/oracles/dockercli-29.0

go 1.22

require github.com/docker/cli v29.0.3+incompatible

require github.com/sirupsen/logrus v1.9.3

require github.com/docker/docker-credential-helpers v0.9.4 // indirect

require (
	golang.org/x/sys v0.20.0 // indirect
	gotest.tools/v3 v3.5.2 // indirect
)
