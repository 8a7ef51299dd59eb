"""URL converters: a database id that fits a 64-bit key.

Django's ``<int:...>`` accepts any number of digits; ``/users/99999999999999999999/`` then
reached the database as an integer SQLite cannot bind (OverflowError -> 500). ``<id:...>``
matches at most 18 digits, so a longer number answers 404 like any unknown id.
"""

from __future__ import annotations

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
