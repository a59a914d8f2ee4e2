"""The fuzz tests' budget. A fixed, derandomised number of examples per test keeps CI fast
and repeatable; search longer with ``COPROD_FUZZ_SCALE=20 COPROD_FUZZ_RANDOM=1`` (``make
fuzz`` does)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SCALE = float(os.environ.get("COPROD_FUZZ_SCALE", "1"))
RANDOM = bool(os.environ.get("COPROD_FUZZ_RANDOM"))  # new examples each run (local searching)


def budget(examples: int):
    """Hypothesis settings for a test of ``examples`` examples (times SCALE)."""
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )
