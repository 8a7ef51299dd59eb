"""Database expressions shared by the apps (identical results on SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from django.db import NotSupportedError
from django.db.models import BigIntegerField, Func


class EpochSeconds(Func):
    """Whole seconds since 1970-01-01 UTC of a datetime column (rounded down), as an integer.

    Lets SQL hand out or group by instants without Python parsing each datetime: the aoristic
    time profile counts exact times per UTC hour this way.
    """

    output_field = BigIntegerField()

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> Any:
        raise NotSupportedError(f"EpochSeconds is not implemented for {connection.vendor}")

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        # Django stores aware datetimes in SQLite as UTC text; strftime('%s') reads it as UTC
        return Func.as_sql(
            self,
            compiler,
            connection,
            template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)",
            **extra_context,
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return Func.as_sql(
            self,
            compiler,
            connection,
            template="FLOOR(EXTRACT(EPOCH FROM %(expressions)s))::bigint",
            **extra_context,
        )


class EpochHour(EpochSeconds):
    """Whole hours since 1970-01-01 UTC (epoch seconds // 3600) of a datetime column."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        sql, params = super().as_sqlite(compiler, connection, **extra_context)
        return f"({sql} / 3600)", params

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        sql, params = super().as_postgresql(compiler, connection, **extra_context)
        return f"FLOOR(({sql}) / 3600.0)::bigint", params
