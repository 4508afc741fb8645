// containers/image v5.23.1: the release Debian's skopeo 1.9.3 and podman 4.3.1 are built with.

module regauth.test/oracles/containers-route-5.23

go 1.22

require github.com/containers/image/v5 v5.23.1

require (
	github.com/BurntSushi/toml v1.2.0 // indirect
	github.com/chzyer/readline v1.5.1 // indirect
	github.com/containers/storage v1.43.0 // indirect
	github.com/docker/go-units v0.5.0 // indirect
	github.com/manifoldco/promptui v0.9.0 // indirect
	github.com/moby/sys/mountinfo v0.6.2 // indirect
	github.com/opencontainers/go-digest v1.0.0 // indirect
	github.com/opencontainers/image-spec v1.1.0-rc1 // indirect
	github.com/opencontainers/runc v1.1.4 // indirect
	github.com/opencontainers/runtime-spec v1.0.3-0.20210326190908-1c3f411f0417 // indirect
	github.com/sirupsen/logrus v1.9.0 // indirect
	github.com/syndtr/gocapability v0.0.0-20200815063812-42c35b437635 // indirect
	golang.org/x/sys v0.0.0-20220919091848-fb04ddd9f9c8 // indirect
	golang.org/x/term v0.0.0-20220526004731-065cf7ba2467 // indirect
)
