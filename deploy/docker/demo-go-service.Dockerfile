# syntax=docker/dockerfile:1
# The demo Go service (standard library only), built from the repository root:
#   docker build -f deploy/docker/demo-go-service.Dockerfile -t pyrometer/demo-go-service:0.1.0-SNAPSHOT .
# By default it listens on 127.0.0.1:6060, so /debug/pprof is reachable only from its own network
# namespace: from the agent sidecar that shares it, not from the network.

FROM golang:1.22-bookworm AS build
WORKDIR /src
COPY demo/go-service/ ./
RUN CGO_ENABLED=0 GOFLAGS=-trimpath GOPROXY=off go build -o /out/demo-service .

FROM scratch
COPY --from=build /out/demo-service /demo-service
USER 65532:65532
EXPOSE 6060
ENTRYPOINT ["/demo-service"]
CMD ["-addr=127.0.0.1:6060"]
