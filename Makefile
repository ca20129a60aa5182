# Thin wrapper for the set-up commands; the build itself is CMake.
#   make        build build/sesslint
#   make run    install missing packages (and the headers the corpus
#               includes), build, analyze the bundled corpus
#   make test   install missing packages (Check too), build with the tests,
#               run every test (ctest; zero tests is a failure)
#   make asan   the same tests on an ASan+UBSan build (build-asan/)
BUILD ?= build
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
ifeq ($(CI),true)
CMAKE_FLAGS += -DSESSLINT_WERROR=ON
endif

.PHONY: all build deps corpus-deps test-deps run test asan compat clean

all: build

deps:
	@bash scripts/deps.sh

corpus-deps:
	@bash scripts/deps.sh --corpus

test-deps:
	@bash scripts/deps.sh --test

$(BUILD)/Makefile:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

run: corpus-deps
	@$(MAKE) --no-print-directory build
	./$(BUILD)/sesslint check corpus/ ; rc=$$?; [ $$rc -le 1 ] || exit $$rc
	@echo
	@echo "The run is stored in .sesslint/findings.db. Try:"
	@echo "  ./$(BUILD)/sesslint findings --rule leak.session"
	@echo "  ./$(BUILD)/sesslint query \"SELECT library, count(*) AS n FROM findings WHERE run_id = (SELECT max(id) FROM runs) GROUP BY library ORDER BY n DESC\""
	@echo "  ./$(BUILD)/sesslint check --format html -o report.html corpus/"


# A build tree first configured without Check (make run) gets its tests here:
# SESSLINT_TESTS=ON makes a missing Check a configure error, and ctest
# fails when no test is registered.
test: test-deps
	cmake -S . -B $(BUILD) -DSESSLINT_TESTS=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure --no-tests=error -j $(JOBS)

asan: test-deps
	cmake -S . -B build-asan -DSESSLINT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DSESSLINT_TESTS=ON $(CMAKE_FLAGS)
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure --no-tests=error -j $(JOBS)

# Older libclang: build against LLVM 14 (Debian's default libclang-dev), which
# has no operator kinds (the frontend reads them from the source text), and
# run the unit suites and the whole corpus.
compat: test-deps
	cmake -S . -B build-llvm14 -DSESSLINT_LLVM_DIR=/usr/lib/llvm-14 -DSESSLINT_TESTS=ON $(CMAKE_FLAGS)
	cmake --build build-llvm14 -j $(JOBS)
	cd build-llvm14 && ctest --output-on-failure --no-tests=error -R 'test_(cfg|cli|util|findings|reports|pch|corpus)$$'

clean:
	rm -rf $(BUILD) build-asan build-llvm14
