"""Django classes that django-stubs makes generic, subscriptable at run time too.

django-stubs types ``ModelAdmin[Place]`` and ``ModelChoiceField[Category]``, and ``mypy
--strict`` wants the model named; Django's own classes take no subscript, so
``class PlaceAdmin(admin.ModelAdmin[Place])`` would fail at import. For the type checker the
names below *are* Django's classes; at run time they are Django's classes with
``typing.Generic`` mixed in, which only adds the subscript (what
``django_stubs_ext.monkeypatch()`` does, without patching Django or a production dependency).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin as ModelAdmin
    from django.contrib.admin import TabularInline as TabularInline
    from django.forms import ModelChoiceField as ModelChoiceField
    from django.forms import ModelMultipleChoiceField as ModelMultipleChoiceField
else:
    from typing import Generic, TypeVar

    from django import forms
    from django.contrib import admin

    _M = TypeVar("_M")
    _P = TypeVar("_P")

    class ModelAdmin(admin.ModelAdmin, Generic[_M]):
        pass

    class TabularInline(admin.TabularInline, Generic[_M, _P]):
        pass

    class ModelChoiceField(forms.ModelChoiceField, Generic[_M]):
        pass

    class ModelMultipleChoiceField(forms.ModelMultipleChoiceField, Generic[_M]):
        pass
