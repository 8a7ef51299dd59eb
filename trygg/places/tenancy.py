"""The tenant, typed, for every app from places up.

``MunicipalityRequest`` is the request a ``@municipality_view`` hands its view;
``MunicipalityAPIView`` the base of every API view (``self.municipality`` resolved from
``?municipality=`` and the declared ``required_permission`` checked, see
``trygg.accounts.api``). Both name ``Municipality`` itself, which accounts (one layer down)
cannot.
"""

from __future__ import annotations

from trygg.accounts.api import MunicipalityScopedMixin
from trygg.accounts.models import User
from trygg.accounts.types import TenantRequest
from trygg.places.models import Municipality


class MunicipalityRequest(TenantRequest):
    """The request inside a ``@municipality_view`` (an annotation; never instantiated)."""

    user: User
    municipality: Municipality


class MunicipalityAPIView(MunicipalityScopedMixin):
    """``MunicipalityScopedMixin`` with ``self.municipality`` typed as the model."""

    @property
    def municipality(self) -> Municipality:
        municipality = super().municipality
        assert isinstance(municipality, Municipality)
        return municipality
