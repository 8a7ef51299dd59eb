"""A lean bulk insert for batch services (imports of tens of thousands of rows).

Django's ``bulk_create`` prepares every value of every row through the full field machinery
(about 100 µs a report on this machine); for rows already validated by a service, most of
that work is identity. ``insert_rows`` converts only the values that need it (dates, UUIDs,
decimals, JSON, files) with the field's own ``get_db_prep_value``, sends one ``executemany``
per chunk, and reads the primary keys back by ``public_id`` (every domain row has one, see
``BaseModel``). Model signals are not sent, as with ``bulk_create``.

Only services call this, inside their transaction, for models whose rows they have fully
validated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connections, models, router
from django.db.models.base import ModelState

from trygg.core.models import BaseModel

_M = TypeVar("_M", bound=BaseModel)

SIMPLE_FIELDS = (
    models.BooleanField,
    models.IntegerField,
    models.FloatField,
    models.CharField,
    models.TextField,
)
CHUNK = 1000


def _converter(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any]:
    if isinstance(field, SIMPLE_FIELDS) and not isinstance(field, models.GenericIPAddressField):
        return lambda value: value
    if isinstance(field, models.ForeignKey) and isinstance(field.target_field, models.IntegerField):
        return lambda value: value

    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return lambda value: None if value is None else ops.adapt_datetimefield_value(value)
    if isinstance(field, models.DateField):
        return lambda value: None if value is None else ops.adapt_datefield_value(value)
    if isinstance(field, models.UUIDField) and not connection.features.has_native_uuid_field:
        return lambda value: None if value is None else value.hex

    def convert(value: Any) -> Any:
        if value is None:
            return None
        return field.get_db_prep_value(field.get_prep_value(value), connection, prepared=True)

    return convert


def insert_rows(model: type[_M], objects: Sequence[_M]) -> None:
    """INSERT `objects` (unsaved instances of `model`) and set their primary keys."""
    if not objects:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    opts = model._meta
    fields = [
        f
        for f in opts.concrete_fields
        if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
    ]
    needs_pre_save = [
        f
        for f in fields
        if getattr(f, "auto_now", False)
        or getattr(f, "auto_now_add", False)
        or isinstance(f, models.FileField)
    ]
    converters = [(f.attname, _converter(f, connection)) for f in fields]
    table = connection.ops.quote_name(opts.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    # identifiers come from the model's metadata, quoted by the backend; values are parameters
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(objects), CHUNK):
            chunk = objects[start : start + CHUNK]
            rows = []
            for obj in chunk:
                for field in needs_pre_save:
                    setattr(obj, field.attname, field.pre_save(obj, add=True))
                state = obj.__dict__
                rows.append([convert(state[attname]) for attname, convert in converters])
            cursor.executemany(sql, rows)
        by_public_id = {obj.public_id: obj for obj in objects}
        keys = list(by_public_id)
        for start in range(0, len(keys), CHUNK):
            chunk_keys = keys[start : start + CHUNK]
            for pk, value in (
                model._default_manager.using(using)
                .filter(public_id__in=chunk_keys)
                .values_list("pk", "public_id")
            ):
                target = by_public_id[value]
                target.pk = pk
                target._state.adding = False
                target._state.db = using


_FieldSpec = tuple[str, str, "models.ForeignObject[Any, Any] | None", Callable[[], Any]]
"""(name, attname, the relation or None, the default) of one concrete field."""


class RowBuilder:
    """Makes unsaved instances of `model` fast, for ``insert_rows``.

    ``Model(**kwargs)`` runs every value through descriptors and ``__init__`` (about 40 µs a
    report); this fills the instance's attributes directly, as ``Model.__init__`` would leave
    them (no ``post_init`` signal, as for rows read by ``from_db``; models that rely on it must
    not use this). Values are keyed by field name; foreign keys take the related object (cached
    on the instance, no query later) or None. Missing fields get their default.
    """

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.spec: list[
            tuple[str, str, models.ForeignObject[Any, Any] | None, Callable[[], Any]]
        ] = []
        for field in model._meta.concrete_fields:
            if field.has_default() and callable(field.default):
                default: Callable[[], Any] = field.default
            else:
                constant = field.get_default()

                def default(constant: Any = constant) -> Any:
                    return constant

            relation = field if isinstance(field, models.ForeignObject) else None
            self.spec.append((field.name, field.attname, relation, default))

    def __call__(self, values: dict[str, Any]) -> Any:
        instance = self.model.__new__(self.model)
        instance._state = ModelState()
        state = instance.__dict__
        for name, attname, relation, default in self.spec:
            if name in values:
                value = values[name]
                if relation is not None and value is not None:
                    relation.set_cached_value(instance, value)
                    value = value.pk
                state[attname] = value
            elif attname in values:
                state[attname] = values[attname]
            else:
                state[attname] = default()
        return instance
