# make demo: install, seed a realistic province (Lạng Sơn 2022–2025) on the embedded default, print its stats.
# make test: install and pass the whole suite (PostgreSQL and Redis tests included when the servers run).

VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
# WeasyPrint needs Pango/HarfBuzz; fonts-liberation2 (not fonts-liberation) has the Vietnamese letters;
# libharfbuzz-subset0 makes PDF writing ~40 % faster; poppler-utils turns PDFs into pictures for a look.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
	fonts-liberation2 fonts-dejavu-core shared-mime-info

.PHONY: demo test install system-packages lint bench clean

demo: install
	$(VENV)/bin/tthc demo

test: install
	$(PY) -m pytest

install: system-packages $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q 'install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then echo "Cần cài các gói hệ thống: $$missing"; exit 1; fi; \
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "Chạy lệnh sau rồi gọi lại make:"; echo "  sudo apt-get update && sudo apt-get install -y $$missing"; exit 1; fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

bench: install
	$(PY) bench/write.py
	$(PY) bench/projections.py

clean:
	rm -rf var .pytest_cache .hypothesis
