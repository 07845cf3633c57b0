# Thin wrapper around meson/ninja.  `make run` boots the demo guest;
# `make check` builds everything and runs every test (plus a sanitizer
# build of the unit tests).
BUILD ?= build
SAN_BUILD ?= build-san
NINJA ?= ninja

.PHONY: all deps run check check-unit check-slow bench clean distclean

all: deps $(BUILD)/build.ninja
	$(NINJA) -C $(BUILD)

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	./configure --builddir=$(BUILD)

$(SAN_BUILD)/build.ninja:
	./configure --builddir=$(SAN_BUILD) --enable-sanitizers --enable-debug

run: all
	scripts/run-demo.sh $(BUILD)

check: deps
	@scripts/install-deps.sh --test
	@scripts/run-tests.sh $(BUILD) $(SAN_BUILD)

check-slow: all
	@scripts/run-tests.sh --slow $(BUILD)

bench: all
	tests/bench/run-all.sh $(BUILD)

clean:
	-$(NINJA) -C $(BUILD) clean

distclean:
	rm -rf $(BUILD) $(SAN_BUILD)
