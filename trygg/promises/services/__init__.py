"""Every write of the promises app (docs/architecture.md: services for writes)."""

from trygg.promises.services.agreements import (
    PartyInput,
    SignatoryInput,
    agreement_attach_document,
    agreement_create,
    agreement_new_version,
    agreement_sign,
    agreement_update,
)
from trygg.promises.services.followup import (
    PartyPart,
    item_report,
    round_open,
    round_publish,
    round_sign_off,
)
from trygg.promises.services.promises import (
    activity_add,
    activity_remove,
    basis_add,
    basis_remove,
    item_move,
    item_remove,
    item_save,
    promise_agree_version,
    promise_create,
    promise_new_version,
    promise_publish,
    promise_set_status,
    promise_start_next,
    promise_update,
)

__all__ = [
    "PartyInput", "PartyPart", "SignatoryInput", "activity_add", "activity_remove",
    "agreement_attach_document", "agreement_create", "agreement_new_version", "agreement_sign",
    "agreement_update", "basis_add", "basis_remove", "item_move", "item_remove", "item_report",
    "item_save", "promise_agree_version", "promise_create", "promise_new_version",
    "promise_publish",
    "promise_set_status", "promise_start_next", "promise_update", "round_open",
    "round_publish", "round_sign_off",
]  # fmt: skip
