# The one test command (README, .ci/run). It installs what the interop tests
# need into .cache/ (a Python venv with the official Python SDK; the official
# Node SDK when node is present) and runs every Go test with the race detector.
GO        ?= go
CACHE     := $(CURDIR)/.cache
VENV      := $(CACHE)/venv
NODE_DIR  := $(CACHE)/node
PY_SDK    := tencentcloud-sdk-python-common==3.1.195 tencentcloud-sdk-python-cvm==3.1.178

export TCX_PYTHON       := $(VENV)/bin/python
export TCX_NODE_MODULES := $(NODE_DIR)/node_modules

.PHONY: test deps run bench
test: deps
	$(GO) test -race -count=1 -timeout 60m ./...

deps: $(VENV)/.installed $(NODE_DIR)/.installed
	$(GO) mod download

$(VENV)/.installed:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q $(PY_SDK)
	touch $@

# Node is optional: without it the Node export test says it was skipped.
$(NODE_DIR)/.installed:
	mkdir -p $(NODE_DIR)
	if command -v npm >/dev/null 2>&1; then cd $(NODE_DIR) && npm install --no-audit --no-fund --silent tencentcloud-sdk-nodejs-common@4 tencentcloud-sdk-nodejs-cvm@4; fi
	touch $@

run:
	$(GO) run .

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./bench/ ./schema/ ./ui/...
