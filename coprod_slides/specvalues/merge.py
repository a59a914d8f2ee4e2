"""Deep merge of spec mappings that keeps every value's source location."""

from __future__ import annotations

from typing import Any

from .yamlload import YList, YMap


def deep_merge(base: Any, override: Any) -> Any:
    """Merge ``override`` onto ``base``: mappings merge key by key, anything else replaces.

    Lists replace rather than append, so an override of ``rungs:`` gives exactly
    the rungs written. Locations follow the value that won.
    """
    if isinstance(base, dict) and isinstance(override, dict):
        result = YMap(loc=getattr(override, "loc", None) or getattr(base, "loc", None))
        for key, value in base.items():
            result[key] = copy_value(value)
            _copy_locs(result, base, key)
        for key, value in override.items():
            if key in result and isinstance(result[key], dict) and isinstance(value, dict):
                result[key] = deep_merge(result[key], value)
            else:
                result[key] = copy_value(value)
            _copy_locs(result, override, key)
        return result
    return copy_value(override)


def copy_value(value: Any) -> Any:
    if isinstance(value, YMap):
        return deep_merge(value, YMap(loc=value.loc))
    if isinstance(value, dict):
        return deep_merge(value, {})
    if isinstance(value, YList):
        return YList([copy_value(v) for v in value], value.loc, value.item_locs)
    if isinstance(value, list):
        return [copy_value(v) for v in value]
    return value


def _copy_locs(target: YMap, source: Any, key: str) -> None:
    if isinstance(source, YMap):
        if key in source.key_locs:
            target.key_locs[key] = source.key_locs[key]
        if key in source.val_locs:
            target.val_locs[key] = source.val_locs[key]
