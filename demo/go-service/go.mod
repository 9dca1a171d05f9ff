module pyrometer.dev/demo/go-service

go 1.19
