# renda — the two commands of the README, and the pieces they are made of.
#
#   make demo    install what is missing, build, create demo.db with the demo data,
#                serve it on http://127.0.0.1:8080
#   make check   every test: unit, API on SQLite and PostgreSQL, browser, the sanitizer run
#
# Everything runs as root on a fresh Debian 12 machine; see README.md.

BUILD      ?= build
ASAN_BUILD ?= build-asan
DEMO_DB    ?= demo.db
LISTEN     ?= 127.0.0.1:8080
OUT        ?= test-output

.PHONY: all deps build web demo demo-db check unit api e2e asan fuzz bench clean

all: build

deps:
	scripts/install-deps

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

demo-db: build
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BUILD)/renda init --db $(DEMO_DB) --demo

web: build
	scripts/e2e build

demo: deps demo-db web
	@echo "open http://$(LISTEN)/ — log in as office / renda-demo (Ctrl-C stops)"
	$(BUILD)/renda serve --db $(DEMO_DB) --listen $(LISTEN) --web web/dist

check: deps
	scripts/check

unit: build
	scripts/check unit

api: build
	scripts/check api

e2e: build
	scripts/check e2e

asan:
	scripts/check asan

fuzz:
	scripts/fuzz

bench: build
	bench/run

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz $(OUT) web/dist
