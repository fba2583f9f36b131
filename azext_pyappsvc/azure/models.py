"""SDK models as REST-shaped dicts, whichever azure-mgmt-web the host azure-cli bundles.

azure-mgmt-web 11 (azure-cli 2.87 and later) generates models whose as_dict() already is the REST document
(camelCase keys, the "properties" envelope). Earlier releases (7.x in azure-cli 2.60, 9.0 in 2.86) generate
msrest models: as_dict() flattens them into snake_case attribute names, while serialize(keep_readonly=True)
gives the REST document, read-only fields (defaultHostName, state, ...) included.
"""
from __future__ import annotations

from typing import Any


def is_msrest_model(model: Any) -> bool:
    """True for an msrest-generated model: its class maps attributes to REST keys in _attribute_map."""
    return isinstance(getattr(type(model), "_attribute_map", None), dict) and callable(
        getattr(model, "serialize", None))


def to_rest(model: Any) -> dict[str, Any]:
    """The REST document of an SDK model (or a plain dict, returned as it is)."""
    if model is None:
        return {}
    if isinstance(model, dict):
        return model
    if is_msrest_model(model):
        return dict(model.serialize(keep_readonly=True))
    return dict(model.as_dict())
