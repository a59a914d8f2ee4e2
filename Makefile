# Developer shortcuts; CI runs `.ci/run`.
.PHONY: test fuzz hostile

test:
	python -m pytest -q

# The property-based suites with 20 times the CI budget and fresh random examples each run
# (a nightly-style search; failures print the input and a @reproduce_failure line).
fuzz:
	COPROD_FUZZ_SCALE=20 COPROD_FUZZ_RANDOM=1 python -m pytest -q -p no:cacheprovider \
		tests/test_fuzz.py tests/test_fuzz_templates.py --hypothesis-show-statistics


# The catalogue of hostile inputs and faults (scripts/hostile.py), run through the CLI and
# classified: clean refusal, valid build or failure (exit 1 on any failure).
hostile:
	python scripts/hostile.py
