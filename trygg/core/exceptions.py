"""Errors services raise; views and the API turn them into the user's language."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["PermissionDenied", "ValidationError"]
