# zigzag — the two commands of the README, and the set-up they share.
#   make render   renders the default course (installs what is missing first)
#   make test     runs the tests (installs what is missing first)
# Set-up is idempotent: when everything is present it costs about a second.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.zigzag-installed
DEB_PACKAGES := libcairo2-dev libpango1.0-dev pkg-config \
	texlive-latex-base texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended dvisvgm fonts-dejavu-core ffmpeg fonts-noto-core
# The browser the slides deck is tested in, and the CJK fonts the Japanese test renders with
# (make test only; a course in Chinese, Japanese or Korean needs fonts-noto-cjk too).
TEST_DEB_PACKAGES := chromium fonts-noto-cjk
PACKAGES ?= $(DEB_PACKAGES)
ZIGZAG_ARGS ?=
PYTEST_ARGS ?= -n auto --dist worksteal

.PHONY: setup system-packages test-packages render test lint bench audit clean

setup: system-packages $(STAMP)

# Debian packages that pycairo, manimpango and MathTex need. Installed only when one is missing.
system-packages:
	@missing=""; \
	for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if ! $(PYTHON) -c 'import venv, ensurepip' >/dev/null 2>&1; then missing="$$missing python3-venv"; fi; \
	if [ -n "$$missing" ]; then \
		cmd="apt-get update && apt-get install -y --no-install-recommends$$missing"; \
		if [ "$$(id -u)" != "0" ]; then \
			echo "zigzag needs Debian packages that are missing. Run as root:"; \
			echo "  $$cmd"; \
			exit 1; \
		fi; \
		echo "+ $$cmd"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

test-packages:
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(DEB_PACKAGES) $(TEST_DEB_PACKAGES)"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

render: setup
	$(VENV)/bin/zigzag render --all --course courses/default.toml --format mp4 $(ZIGZAG_ARGS)
	$(VENV)/bin/zigzag render parallel-parking --course courses/default.toml --format gif --format png $(ZIGZAG_ARGS)

lint: setup
	$(VENV)/bin/ruff check zz_math scenes zigzag tests $(wildcard benchmarks)
	$(VENV)/bin/mypy --strict zz_math

test: test-packages setup lint
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The layout audit on every scene, shape and language, on its own (make test runs it too).
audit: setup
	$(PY) benchmarks/audit.py

bench: setup
	$(PY) benchmarks/run.py
	$(PY) benchmarks/layout.py

# Removes what renders and tests generate, but keeps the files git tracks under renders/ (the
# README's GIF, renders/default/parallel-parking.gif): only ignored files go.
clean:
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git clean -fdXq -- renders; \
	elif [ -d renders ]; then \
		find renders -mindepth 1 ! -path renders/default ! -path renders/default/parallel-parking.gif ! -path renders/default/deck.png -delete; \
	fi
	rm -rf media .zigzag-work .pytest_cache .mypy_cache .ruff_cache .hypothesis
