"""The generation of a municipality's public pages: every cached public page of kommunkod
`code` is keyed with it, so one `bump(code)` after a publication makes all of them fresh at
once — a coordinator who publishes a promise sees it on the public page at the next load, not
after the cache time. Lives in core so that any app that publishes can bump it."""

from __future__ import annotations

from django.core.cache import cache

_PREFIX = "trygg:public:generation:"


def generation(code: str) -> int:
    value = cache.get(f"{_PREFIX}{code}")
    return int(value) if value is not None else 0


def bump(code: str) -> None:
    key = f"{_PREFIX}{code}"
    cache.add(key, 0, timeout=None)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=None)
