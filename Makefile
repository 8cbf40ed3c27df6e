# Kinora: `make run` opens the studio on the demo storyboard; `make test` runs every test.
SHELL := /bin/bash
SWIFT_BIN ?= $(firstword $(wildcard /opt/swift/usr/bin) $(dir $(shell command -v swift 2>/dev/null)))
export PATH := $(SWIFT_BIN):$(PATH)

.PHONY: setup build build-debug run test lint bench clean

setup:
	@bash scripts/setup.sh

build: setup
	swift build -c release

build-debug: setup
	swift build

run: build
	@bash scripts/run-demo.sh

lint:
	swift format lint --strict --recursive Sources Tests Themes Package.swift

test: build-debug
	swift test
	$(MAKE) --no-print-directory lint

bench: build
	.build/release/kinora-bench

clean:
	rm -rf .build
