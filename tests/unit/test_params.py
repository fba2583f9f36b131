"""_params: the slot each --ids entry names."""
from __future__ import annotations

from azext_pyappsvc._params import slots_from_ids

APP = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/shop"


def test_a_slot_id_names_its_slot_and_an_app_id_keeps_the_given_one():
    assert slots_from_ids([APP, APP + "/slots/staging", APP.lower() + "/SLOTS/qa"], None) == [None, "staging", "qa"]
    assert slots_from_ids([APP, APP + "/slots/staging"], "blue") == ["blue", "staging"]


def test_an_id_below_the_site_that_is_not_a_slot_is_the_app():
    assert slots_from_ids([APP + "/config/web"], None) == [None]
