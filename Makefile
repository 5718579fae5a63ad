# liaison — developer tasks. `make` alone lists them.
#
# Tools (gotestsum, govulncheck) are installed at pinned versions into bin/tools/ from the
# Go module proxy the first time they are needed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

GO      ?= go
AWK     ?= awk
BIN     := bin
LIAISON := $(BIN)/liaison
PKGS    ?= ./...
REPORTS := $(BIN)/reports

# make bench: which benchmarks (a -bench pattern), how many runs of each (-benchtime,
# e.g. 200x; empty: Go's default of one second), and the time limit (the first province
# run seeds its database).
BENCH         ?= .
BENCHTIME     ?=
BENCH_TIMEOUT ?= 60m

# The test command. -race needs cgo (gcc); -p 2 keeps the shared MySQL/Redis from being
# hammered by every package at once.
TEST_FLAGS ?= -race -count=1 -p 2 -timeout 30m

GOTESTSUM_VERSION   ?= v1.13.0
GOVULNCHECK_VERSION ?= v1.9.0
TOOLS       := $(abspath $(BIN)/tools)
GOTESTSUM   := $(TOOLS)/gotestsum-$(GOTESTSUM_VERSION)/gotestsum
GOVULNCHECK := $(TOOLS)/govulncheck-$(GOVULNCHECK_VERSION)/govulncheck

# Fallback when gotestsum cannot be installed: reads `go test -json` and prints the tests'
# output as plain `go test -v` would; exits 1 when anything failed. The counting is
# server/cmd/testsummary's, over the same stream (bin/reports/go.json).
GOTEST_AWK := $(AWK) ' \
  function field(name,   re) { re = "\"" name "\":\"([^\"\\\\]|\\\\.)*\""; \
    if (match($$0, re)) return substr($$0, RSTART + length(name) + 4, RLENGTH - length(name) - 5); \
    return "" } \
  function unesc(s,   out, i, c, h) { out = ""; \
    while ((i = index(s, "\\")) > 0) { out = out substr(s, 1, i - 1); c = substr(s, i + 1, 1); \
      if (c == "n") out = out "\n"; else if (c == "t") out = out "\t"; else if (c == "r") out = out "\r"; \
      else if (c == "u") { h = substr(s, i + 2, 4); \
        if (h == "003c") out = out "<"; else if (h == "003e") out = out ">"; \
        else if (h == "0026") out = out "&"; else if (h == "001b") out = out "\033"; \
        else out = out "\\u" h; s = substr(s, i + 6); continue } \
      else out = out c; \
      s = substr(s, i + 2) } \
    return out s } \
  /^\{/ { a = field("Action"); t = field("Test"); p = field("Package"); \
    if (a == "output" || a == "build-output") { printf "%s", unesc(field("Output")); next } \
    if (t != "") { if (a == "pass") np++; else if (a == "fail") { nf++; tf[p] = 1 } } \
    else if (a == "fail" && !(p in tf)) nf++; \
    next } \
  { print } \
  END { exit (nf > 0) }'

.PHONY: help build dev run migrate test test-go test-mp lint bench tools clean console-preview

help: ## list the targets
	@echo "usage: make <target>"
	@echo
	@grep -E '^[a-z][a-z-]*:.*## ' $(firstword $(MAKEFILE_LIST)) | \
	  awk -F ':.*## ' '{ printf "  %-8s %s\n", $$1, $$2 }'

build: ## build bin/liaison from ./server/cmd/liaison
	$(GO) build -o $(LIAISON) ./server/cmd/liaison

dev: ## run everything in one process on embedded MySQL and Redis, data in memory (liaison-dev)
	$(GO) run ./server/cmd/liaison-dev

run: build ## migrate up, load Guangxi's areas, then run API + worker in one process (liaison all)
	./$(LIAISON) migrate up
	./$(LIAISON) areas import
	./$(LIAISON) all

migrate: build ## apply database migrations (liaison migrate up)
	./$(LIAISON) migrate up

test: ## the Go tests and the mini program's tests; the last line is "N passed, N failed" for both
	@mkdir -p $(REPORTS)
	@rc=0; $(MAKE) test-go || rc=1; \
	  jest=""; if [ -f miniprogram/package.json ]; then $(MAKE) test-mp || rc=1; jest='miniprogram/.reports/*.json'; fi; \
	  $(GO) build -o $(BIN)/testsummary ./server/cmd/testsummary && $(BIN)/testsummary -go $(REPORTS)/go.json -jest "$$jest" || rc=1; \
	  exit $$rc

test-go: ## go test -race -count=1 -p 2 -timeout 30m ./... (report in bin/reports/go.json)
	@mkdir -p $(REPORTS)
	@if [ -x $(GOTESTSUM) ] || GOBIN=$(dir $(GOTESTSUM)) $(GO) install gotest.tools/gotestsum@$(GOTESTSUM_VERSION); then \
	  $(GOTESTSUM) --format pkgname --jsonfile $(REPORTS)/go.json -- $(TEST_FLAGS) $(PKGS); \
	else \
	  echo "make test: gotestsum $(GOTESTSUM_VERSION) unavailable; using go test -json" >&2; \
	  $(GO) test -json $(TEST_FLAGS) $(PKGS) 2>&1 | tee $(REPORTS)/go.json | $(GOTEST_AWK); \
	fi

test-mp: ## the mini program: npm ci when needed, then tsc, WXML compile, jest, end-to-end against liaison-dev, preview
	@rm -rf miniprogram/.reports
	@cd miniprogram && if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund; fi
	@$(GO) build -o $(BIN)/liaison-dev ./server/cmd/liaison-dev
	cd miniprogram && LIAISON_DEV_BIN=$(abspath $(BIN)/liaison-dev) npm run ci

lint: ## gofmt -l (must be empty), go vet, govulncheck (skipped when unavailable)
	@echo "gofmt -l ."
	@files="$$(gofmt -l .)"; if [ -n "$$files" ]; then echo "not gofmt-ed:"; echo "$$files"; exit 1; fi
	$(GO) vet $(PKGS)
	@if [ -x $(GOVULNCHECK) ] || GOBIN=$(dir $(GOVULNCHECK)) $(GO) install golang.org/x/vuln/cmd/govulncheck@$(GOVULNCHECK_VERSION) 2>/dev/null; then \
	  echo "govulncheck $(PKGS)"; \
	  rc=0; $(GOVULNCHECK) $(PKGS) || rc=$$?; \
	  if [ $$rc -eq 3 ]; then echo "govulncheck: vulnerabilities found"; exit 3; \
	  elif [ $$rc -ne 0 ]; then echo "govulncheck could not run (exit $$rc; is vuln.go.dev reachable?): skipped"; fi; \
	else \
	  echo "govulncheck $(GOVULNCHECK_VERSION) cannot be fetched from the module proxy: skipped"; \
	fi

bench: ## run the benchmarks (no tests); BENCH=Province runs one set, BENCHTIME=200x a fixed count
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem $(if $(BENCHTIME),-benchtime=$(BENCHTIME)) -timeout $(BENCH_TIMEOUT) $(PKGS)

tools: ## install the pinned gotestsum and govulncheck into bin/tools
	@[ -x $(GOTESTSUM) ] || GOBIN=$(dir $(GOTESTSUM)) $(GO) install gotest.tools/gotestsum@$(GOTESTSUM_VERSION)
	@[ -x $(GOVULNCHECK) ] || GOBIN=$(dir $(GOVULNCHECK)) $(GO) install golang.org/x/vuln/cmd/govulncheck@$(GOVULNCHECK_VERSION)

clean: ## remove bin/
	rm -rf $(BIN)

console-preview: ## render the console's main pages to PNG (and the paper pages to PDF) in bin/console-preview/
	$(GO) test -tags preview -count=1 -run TestConsolePreview -v ./server/console/

.PHONY: console-assets
ECHARTS_VERSION ?= $(shell npm view echarts@6 version 2>/dev/null | tail -n 1 | awk '{print $$NF}' | tr -d "'")
ECHARTS_DIR := server/console/static/vendor/echarts

console-assets: ## vendor Apache ECharts (dist/echarts.min.js, LICENSE, NOTICE) from npm into server/console/static/vendor/echarts
	@v="$(ECHARTS_VERSION)"; [ -n "$$v" ] || { echo "console-assets: cannot ask npm for the echarts version"; exit 1; }; \
	  tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	  (cd "$$tmp" && npm pack --silent "echarts@$$v" >/dev/null && tar -xzf "echarts-$$v.tgz"); \
	  mkdir -p $(ECHARTS_DIR); \
	  cp "$$tmp/package/dist/echarts.min.js" "$$tmp/package/LICENSE" "$$tmp/package/NOTICE" $(ECHARTS_DIR)/; \
	  echo "$$v" > $(ECHARTS_DIR)/VERSION; \
	  echo "echarts $$v in $(ECHARTS_DIR)"
