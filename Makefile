# Một Cửa — the two commands: `make run` and `make test`.
# Both install whatever is missing (Debian packages, Rust targets and tools, npm
# packages), reuse what is installed, and download only from the package registries.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CARGO_TERM_COLOR ?= never

WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"/\1/p;}' Cargo.lock)
TOOLCHAIN := $(shell sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
APT_GET := $(if $(filter 0,$(shell id -u)),,sudo) apt-get
E2E_PORT ?= 3100
SCHEMATHESIS_VERSION := 4.32.5
# The S3 server the S3 blob store is tested against (crates.io; 0.17 needs Rust 1.96).
S3S_FS_VERSION := 0.14.1

.PHONY: help run test tools tools-run tools-test build fast-tests rust-tests e2e contract cluster smoke load lint clippy fmt clean-test-dbs

help:
	@echo "make run   - install what is missing, build, migrate, seed demo data, serve on http://127.0.0.1:3000"
	@echo "make test  - install what is missing, then run every test (unit, SQLite + PostgreSQL, browser)"
	@echo "make lint  - rustfmt check and clippy for the ssr and hydrate builds"
	@echo "make load  - the load harness: 10,000 bank notifications, one SQLite node and two PostgreSQL nodes"

# ---------------------------------------------------------------- tools

tools-run: .tools/rust .tools/node .tools/wasm-bindgen-$(WASM_BINDGEN_VERSION)
tools-test: tools-run .tools/chromium .tools/doc-tools .tools/nginx .tools/schemathesis-$(SCHEMATHESIS_VERSION) \
  .tools/s3s-fs-$(S3S_FS_VERSION)

.tools/rust:
	@command -v cargo >/dev/null || { echo "cargo is missing: install the Rust toolchain (rustup) first"; exit 1; }
	@rustup run $(TOOLCHAIN) rustc --version >/dev/null 2>&1 || \
	  rustup toolchain install $(TOOLCHAIN) --profile minimal --component rustfmt,clippy --target wasm32-unknown-unknown
	@rustup target list --installed --toolchain $(TOOLCHAIN) | grep -q '^wasm32-unknown-unknown$$' || \
	  rustup target add wasm32-unknown-unknown --toolchain $(TOOLCHAIN)
	@for c in rustfmt clippy; do rustup component list --installed --toolchain $(TOOLCHAIN) | grep -q "^$$c" || \
	  rustup component add $$c --toolchain $(TOOLCHAIN); done
	@mkdir -p .tools && touch $@

.tools/node: package.json
	@command -v npm >/dev/null || { $(APT_GET) update && $(APT_GET) install -y nodejs npm; }
	npm install --no-audit --no-fund --loglevel=error
	@mkdir -p .tools && touch $@

.tools/wasm-bindgen-$(WASM_BINDGEN_VERSION): | .tools/rust
	@if wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)"; then echo "wasm-bindgen $(WASM_BINDGEN_VERSION) present"; \
	else cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); fi
	@mkdir -p .tools && touch $@

.tools/chromium:
	@command -v chromium >/dev/null || { $(APT_GET) update && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y chromium; }
	@command -v curl >/dev/null || { $(APT_GET) update && $(APT_GET) install -y curl; }
	@mkdir -p .tools && touch $@

# The tests read QR codes back with zbarimg (SVG rendered to PNG by rsvg-convert) and
# receipts back with pdftotext and pdftoppm (poppler-utils); the restore test runs
# pg_dump and pg_restore (postgresql-client).
.tools/doc-tools:
	@{ command -v zbarimg >/dev/null && command -v rsvg-convert >/dev/null && command -v pdftotext >/dev/null && \
	   command -v pdftoppm >/dev/null && command -v qrencode >/dev/null && command -v pg_dump >/dev/null; } || \
	  { $(APT_GET) update && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y zbar-tools librsvg2-bin poppler-utils qrencode postgresql-client; }
	@mkdir -p .tools && touch $@

# nginx (Debian) for the two-node test behind the documented configuration (`make cluster`).
.tools/nginx:
	@command -v nginx >/dev/null || command -v /usr/sbin/nginx >/dev/null || \
	  { $(APT_GET) update && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y nginx; }
	@mkdir -p .tools && touch $@

# schemathesis (PyPI), in its own virtual environment, for `make contract`.
.tools/schemathesis-$(SCHEMATHESIS_VERSION):
	@python3 -m venv --help >/dev/null 2>&1 || { $(APT_GET) update && $(APT_GET) install -y python3-venv; }
	@[ -x .tools/venv/bin/pip ] || python3 -m venv .tools/venv
	.tools/venv/bin/pip install --quiet --disable-pip-version-check schemathesis==$(SCHEMATHESIS_VERSION)
	@touch $@

# s3s-fs (crates.io), a real S3 server on a directory, for the S3 blob store's tests
# (testkit::s3). Installed unoptimised (2 min 04 s here against 7 min 45 s for --release;
# it serves a few small files per test) into Cargo's bin directory beside wasm-bindgen, so
# a fresh clone on the same machine (CI) finds it; its target directory is thrown away.
.tools/s3s-fs-$(S3S_FS_VERSION): | .tools/rust
	@if s3s-fs --version 2>/dev/null | grep -q "$(S3S_FS_VERSION)"; then echo "s3s-fs $(S3S_FS_VERSION) present"; \
	else cargo install s3s-fs --version $(S3S_FS_VERSION) --features binary --locked --debug \
	  --target-dir $${TMPDIR:-/tmp}/motcua-s3s-build && rm -rf $${TMPDIR:-/tmp}/motcua-s3s-build; fi
	@mkdir -p .tools && touch $@

# ---------------------------------------------------------------- run

# The release build is what users run: the server binary and target/site (wasm, JS,
# CSS, assets). It runs only when a source changed since the last one; the stamp
# records the checksums of what it produced, and a build whose outputs were replaced
# since (a debug `cargo leptos build` writes the same target/site) or removed is redone.
#
# The steps are those of `cargo leptos build --release` (cargo-leptos 0.3.0, with the
# settings in [workspace.metadata.leptos]), run with the tools make installs anyway:
# cargo for the server and for the wasm (in its own target directory, as cargo-leptos
# keeps it, so the two feature sets never rebuild each other), wasm-bindgen (without the
# .d.ts files nothing serves), wasm-opt (npm binaryen), terser for the JS and the
# Tailwind CLI for the CSS (minified by the lightningcss inside it, where cargo-leptos
# runs a second lightningcss pass for `browserquery`). Installing
# cargo-leptos itself took 11-17 minutes of a fresh machine's 45, so `make run` and
# `make test` do not need it; `cargo leptos watch` still works for whoever has it.
#
# `make build LINT=1` (what `make test` does) runs clippy inside that same build, for
# the server (ssr) and the wasm (hydrate): clippy-driver compiles the workspace crates
# with every lint denied, so checking costs no second compilation. Its stamp also
# serves `make run`.
SOURCES := $(shell find domain services app frontend server style public migrations -type f 2>/dev/null) \
  Cargo.toml Cargo.lock rust-toolchain.toml package.json package-lock.json Makefile
RELEASE_STAMP := target/release-build.sha256
LINTED_STAMP := target/release-build-linted.sha256
CLIPPY_ENV = RUSTC_WORKSPACE_WRAPPER=$$(rustup which --toolchain $(TOOLCHAIN) clippy-driver) \
  CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
RECORD_BUILD = sha256sum target/release/motcua $$(find target/site -type f | sort)
WASM_OUT := target/front/wasm32-unknown-unknown/wasm-release/frontend.wasm
define BUILD_RELEASE
@echo "make: building the release (server, wasm, JS, CSS, assets)"
$(LEPTOS_RELEASE_ENV) $(1) cargo build --release -p server --bin motcua
$(LEPTOS_RELEASE_ENV) $(1) cargo build -p frontend --lib --profile wasm-release \
  --target wasm32-unknown-unknown --target-dir target/front
rm -rf target/site && mkdir -p target/site/pkg && cp -R public/. target/site/
wasm-bindgen --target web --no-typescript --out-name motcua --out-dir target/site/pkg $(WASM_OUT)
mv target/site/pkg/motcua_bg.wasm target/site/pkg/motcua.wasm
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int target/site/pkg/motcua.wasm \
  -o target/site/pkg/motcua.wasm
terser target/site/pkg/motcua.js --module --compress --mangle -o target/site/pkg/motcua.js
tailwindcss --input style/main.css --output target/site/pkg/motcua.css --minify
endef

build: tools-run
	@for s in $(RELEASE_STAMP) $(LINTED_STAMP); do [ ! -f $$s ] || sha256sum --status -c $$s 2>/dev/null || rm -f $$s; done
	@if [ -n "$(LINT)" ] || $(MAKE) -q $(LINTED_STAMP) 2>/dev/null; then \
	  $(MAKE) --no-print-directory $(LINTED_STAMP); else $(MAKE) --no-print-directory $(RELEASE_STAMP); fi

$(RELEASE_STAMP): $(SOURCES)
	$(call BUILD_RELEASE,)
	$(RECORD_BUILD) > $@
	@rm -f $(LINTED_STAMP)

$(LINTED_STAMP): $(SOURCES)
	$(call BUILD_RELEASE,$(CLIPPY_ENV))
	$(RECORD_BUILD) > $@
	@rm -f $(RELEASE_STAMP)

# `make run` serves on LEPTOS_SITE_ADDR (default 127.0.0.1:3000) with the database
# MOTCUA_DATABASE_URL (default ./data/motcua.db); the smoke test runs it on another port
# and a scratch database.
RUN_ADDR := $(or $(LEPTOS_SITE_ADDR),127.0.0.1:3000)
RUN_URL := http://$(RUN_ADDR)
# The server refuses to start without MOTCUA_ENV; `make run` is the development setup
# (sandbox SMS and bank), said out loud.
RUN_ENV := $(or $(MOTCUA_ENV),development)

run: build
	@mkdir -p $(or $(MOTCUA_DATA_DIR),data)
	MOTCUA_ENV=$(RUN_ENV) ./target/release/motcua migrate
	MOTCUA_ENV=$(RUN_ENV) ./target/release/motcua seed --demo
	@echo
	@echo "  Một Cửa is starting on $(RUN_URL)"
	@echo "    Procedures:        $(RUN_URL)/thu-tuc"
	@echo "    Citizen sign-in:   $(RUN_URL)/dang-nhap  (codes appear in the SMS sandbox)"
	@echo "    SMS sandbox:       $(RUN_URL)/sandbox/sms"
	@echo "    API (OpenAPI 3):   $(RUN_URL)/api/v1/openapi.json"
	@echo "    Staff sign-in:     $(RUN_URL)/can-bo/dang-nhap  (create staff: MOTCUA_ENV=$(RUN_ENV) ./target/release/motcua staff create --help)"
	@echo "    Staff back office: $(RUN_URL)/can-bo  (authenticator app enrolled by QR at the first sign-in)"
	@echo "    Database:          $(or $(MOTCUA_DATABASE_URL),./data/motcua.db)"
	@echo
	MOTCUA_ENV=$(RUN_ENV) LEPTOS_SITE_ADDR=$(RUN_ADDR) LEPTOS_SITE_ROOT=target/site exec ./target/release/motcua serve

# ---------------------------------------------------------------- test

# PostgreSQL is used when reachable; CI (CI=true) and MOTCUA_REQUIRE_POSTGRES=1 make it mandatory.
ifeq ($(CI),true)
export MOTCUA_REQUIRE_POSTGRES := 1
endif
# `make test` installs s3s-fs (tools-test), so the S3 store's tests never skip there.
test rust-tests: export MOTCUA_REQUIRE_S3 := 1

# Fastest first. Everything after the domain's unit tests runs on the release build,
# which is what `make run` serves, so a release-only compile error fails here: the
# build itself (with clippy for ssr and hydrate), then the service and HTTP tests
# compiled against the same release artifacts (only the test targets are added), the
# browser suite, the REST API against its OpenAPI document and the smoke test of
# `make run`.
test: tools-test
	$(MAKE) clean-test-dbs
	cargo fmt --all --check
	$(MAKE) fast-tests
	$(MAKE) build LINT=1
	$(MAKE) rust-tests
	$(MAKE) e2e
	$(MAKE) contract
	$(MAKE) cluster
	$(MAKE) smoke

# The domain's rules, with clippy on their tests too.
fast-tests:
	$(CLIPPY_ENV) cargo test -p domain

# The LEPTOS_* variables cargo-leptos sets for its release build (Leptos reads some of
# them with option_env!); with the same clippy wrapper, `cargo test --release` then
# reuses every artifact of `make build LINT=1` and compiles only the test targets. The
# app's own unit tests (the catalogues) run in a second invocation: selecting `app` with
# the server would unify features differently and relink target/release/motcua, so
# `make run` would see a changed build and rebuild (the smoke test's 10 s check).
LEPTOS_RELEASE_ENV := LEPTOS_OUTPUT_NAME=motcua LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=frontend LEPTOS_BIN_DIR=server \
  LEPTOS_JS_MINIFY=true LEPTOS_HASH_FILES=false

rust-tests:
	$(LEPTOS_RELEASE_ENV) $(CLIPPY_ENV) cargo test --release -p services -p server
	$(LEPTOS_RELEASE_ENV) $(CLIPPY_ENV) cargo test --release -p app --features ssr --lib

# The browser suite against the release binary and the release wasm.
e2e:
	E2E_PORT=$(E2E_PORT) MOTCUA_BIN=target/release/motcua bash end2end/run.sh

# The REST API against the OpenAPI document it serves (schemathesis, every check on),
# on the release binary.
contract:
	MOTCUA_BIN=target/release/motcua bash end2end/contract.sh

# Two release nodes on one PostgreSQL database behind nginx with the documented
# configuration (docs/deploy.md): a journey across both, files and live payments across
# nodes, shared limits, kill -9 during bank notifications (end2end/cluster/run.sh).
cluster:
	PATH="$$PATH:/usr/sbin" MOTCUA_BIN=target/release/motcua bash end2end/cluster/run.sh

# `make run` itself, as a user runs it (on a scratch database and port 3200): it must
# serve within 10 seconds on a built tree, its pages and files answer, and it hydrates.
smoke:
	bash end2end/smoke.sh

# Not part of `make test`: 10,000 signed bank notifications (30 % repeats) against one
# node on SQLite and two on PostgreSQL, with throughput, latencies and the checks that
# every attempt is paid once with gapless receipt numbers (end2end/load/run.sh).
load: build
	bash end2end/load/run.sh

clean-test-dbs:
	@rm -rf "$${TMPDIR:-/tmp}/motcua-tests"
	@psql "$${MOTCUA_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}" -Atc \
	  "SELECT datname FROM pg_database WHERE datname LIKE 'motcua_test_%'" 2>/dev/null | \
	  while read -r db; do psql "$${MOTCUA_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}" -qc "DROP DATABASE IF EXISTS \"$$db\"" >/dev/null; done || true

lint:
	cargo fmt --all --check
	$(MAKE) clippy

clippy:
	cargo clippy -p domain -p services -p server --all-targets -- -D warnings
	cargo clippy -p app --features ssr -- -D warnings
	cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

fmt:
	cargo fmt --all
