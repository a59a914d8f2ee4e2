# Developer shortcuts; CI runs `.ci/run`.
.PHONY: test fuzz

test:
	python -m pytest -q

# The property-based suites with 20 times the CI budget and fresh random examples each run
# (a nightly-style search; failures print the input and a @reproduce_failure line).
fuzz:
	COPROD_FUZZ_SCALE=20 COPROD_FUZZ_RANDOM=1 python -m pytest -q -p no:cacheprovider \
		tests/test_fuzz.py tests/test_fuzz_templates.py --hypothesis-show-statistics

