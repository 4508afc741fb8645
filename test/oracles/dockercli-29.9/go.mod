module regauth.test/oracles/dockercli-29.9

go 1.23

require github.com/docker/cli v29.9.3+incompatible

require github.com/sirupsen/logrus v1.10.2

require github.com/docker/docker-credential-helpers v0.9.9 // indirect

require (
	golang.org/x/sys v0.20.0 // indirect
	gotest.tools/v3 v3.5.2 // indirect
)
