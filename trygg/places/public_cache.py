"""The generation of a municipality's public pages.

Every cached public page of kommunkod `code` is keyed with the generation, so one `bump(code)`
after a publication makes all of that municipality's pages fresh at once — a coordinator who
publishes a promise sees it on the public page at the next load, not after the cache time.

The generation is the municipality's ``updated_at`` in the database, so that it is shared by
every server process (the page cache itself is per process with the local-memory backend). A
process keeps the value it read for ``LOCAL_SECONDS``: after a bump in another process, a page
is at most that many seconds old, and a cache hit normally runs no query.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from trygg.places.models import Municipality

LOCAL_SECONDS = 5
_PREFIX = "trygg:public:generation:"


def generation(code: str) -> str:
    key = f"{_PREFIX}{code}"
    value = cache.get(key)
    if value is None:
        stamp = Municipality.objects.filter(code=code).values_list("updated_at", flat=True).first()
        value = stamp.isoformat() if stamp is not None else "-"
        cache.set(key, value, LOCAL_SECONDS)
    return str(value)


def bump(code: str) -> None:
    """Call after the transaction that published something (``transaction.on_commit``)."""
    Municipality.objects.filter(code=code).update(updated_at=timezone.now())
    cache.delete(f"{_PREFIX}{code}")
