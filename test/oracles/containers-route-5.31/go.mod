// containers/image v5.31.0: a single lookup error is returned as it is.

module regauth.test/oracles/containers-route-5.31

go 1.22

require github.com/containers/image/v5 v5.31.0

require (
	github.com/BurntSushi/toml v1.3.2 // indirect
	github.com/chzyer/readline v1.5.1 // indirect
	github.com/containers/storage v1.54.0 // indirect
	github.com/docker/go-units v0.5.0 // indirect
	github.com/manifoldco/promptui v0.9.0 // indirect
	github.com/moby/sys/mountinfo v0.7.1 // indirect
	github.com/moby/sys/user v0.1.0 // indirect
	github.com/opencontainers/go-digest v1.0.0 // indirect
	github.com/opencontainers/image-spec v1.1.0 // indirect
	github.com/opencontainers/runtime-spec v1.2.0 // indirect
	github.com/sirupsen/logrus v1.9.3 // indirect
	github.com/syndtr/gocapability v0.0.0-20200815063812-42c35b437635 // indirect
	golang.org/x/exp v0.0.0-20240506185415-9bf2ced13842 // indirect
	golang.org/x/sys v0.20.0 // indirect
	golang.org/x/term v0.20.0 // indirect
)
