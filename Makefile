# The enclave's build, test and demo commands. `make lint` and `make test` are what CI runs.
GO       ?= go
BIN      := bin/enclave
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS  := -X main.version=$(VERSION)
PKGS     := ./...
STATICCHECK_VERSION := v0.8.2

.PHONY: build test lint demo bench bench-region policy-test clean

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/enclave

# Race detector on, tests shuffled, results never cached.
test:
	$(GO) test -race -shuffle=on -count=1 -timeout 20m $(PKGS)

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) $(PKGS)

demo: build
	$(BIN) demo $(DEMO_ARGS)

# Benchmarks run without the race detector; see docs/benchmarks.md.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count=1 -timeout 60m $(PKGS)

# A region's population (REGION_PEOPLE; Yorkshire and Humber by default)
# generated, loaded through the API and asked every care-pathway question,
# against hand-written SQL; an hour or more. `make bench` runs the same
# benchmark at 20,000 people. The figures go to bin/bench-region.md.
REGION_PEOPLE ?= 5500000
bench-region:
	mkdir -p bin
	ENCLAVE_BENCH_REGION_PEOPLE=$(REGION_PEOPLE) ENCLAVE_BENCH_REGION_REPORT=$(CURDIR)/bin/bench-region.md \
	  nice $(GO) test -run '^$$' -bench BenchmarkRegion -benchtime 1x -count=1 -timeout 0 ./internal/regionbench/

clean:
	rm -rf bin
