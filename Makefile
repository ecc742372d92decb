# newsfacts: `make run` sets everything up and extracts corpora/ into outputs/; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED := ../shared
OUT := outputs
JOBS ?= $(shell nproc 2>/dev/null || echo 1)

.PHONY: install run refresh test eval eval-ner model bench compare gazetteer clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/newsfacts extract corpora/ --out $(OUT)/ --jobs $(JOBS)

refresh: $(STAMP)
	$(BIN)/newsfacts extract corpora/ --out $(OUT)/ --jobs $(JOBS) --incremental

test: $(STAMP)
	$(PY) -m pytest

eval: $(STAMP)
	@test -d $(SHARED)/seeds || { echo "make eval needs $(SHARED)/seeds and $(SHARED)/eval"; exit 2; }
	$(BIN)/newsfacts extract $(SHARED)/seeds --out $(OUT)/eval --jobs $(JOBS)
	$(PY) $(SHARED)/eval/score.py --pred $(OUT)/eval --gold $(SHARED)/eval/gold/seeds.jsonl --show-errors $${ERRORS:-0}

eval-ner: $(STAMP)
	$(PY) scripts/eval_ner.py --dev $(SHARED)/data/cluener/dev.jsonl

model: $(STAMP)
	$(PY) scripts/train_ner.py --train $(SHARED)/data/cluener/train.jsonl --dev $(SHARED)/data/cluener/dev.jsonl

gazetteer: $(STAMP)
	$(PY) -m pip install -q -e '.[gazetteer,compare]'
	$(PY) scripts/build_gazetteer.py

bench: $(STAMP)
	$(PY) -m pip install -q -e '.[compare,dask]'
	$(PY) scripts/bench.py --out $(OUT)/bench.json --jobs $(JOBS) $(if $(SIZES),--sizes $(SIZES))

compare: $(STAMP)
	$(PY) -m pip install -q -e '.[compare]'
	$(PY) scripts/compare_jionlp.py --seeds $(SHARED)/seeds --gold $(SHARED)/eval/gold/seeds.jsonl --out $(OUT)/compare

clean:
	rm -rf $(OUT) .pytest_cache
