"""The build's timestamp, for reproducible output (https://reproducible-builds.org)."""

from __future__ import annotations

import os
from datetime import datetime, timezone

from .errors import SpecError

#: The timestamp used when SOURCE_DATE_EPOCH is not set.
DEFAULT_EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)


def source_date_epoch() -> datetime:
    """The build timestamp (UTC): ``$SOURCE_DATE_EPOCH`` seconds, else 2024-01-01T00:00:00Z.

    An empty variable counts as unset. Anything but a whole, non-negative number of seconds
    is an input error (SpecError) naming the variable and the value, so a typo in CI is not
    silently ignored.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or not raw.strip():
        return DEFAULT_EPOCH
    text = raw.strip()
    hint = (
        "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01T00:00:00Z, "
        "for example 1700000000 (or `git log -1 --format=%ct`)"
    )
    if not text.isdigit():
        raise SpecError(f"{hint}; got {raw!r}")
    try:
        return datetime.fromtimestamp(int(text), tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise SpecError(f"{hint}; {raw!r} is out of range") from None
