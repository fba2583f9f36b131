"""azure/models: SDK models of either generation come back as the REST document."""
from __future__ import annotations

from msrest.serialization import Model as MsrestModel

from azext_pyappsvc.azure.models import is_msrest_model, to_rest


class MsrestSiteConfig(MsrestModel):
    """An msrest model shaped like azure-mgmt-web 7.x's SiteConfigResource (a flattened properties envelope)."""

    _validation = {"id": {"readonly": True}}
    _attribute_map = {"id": {"key": "id", "type": "str"},
                      "linux_fx_version": {"key": "properties.linuxFxVersion", "type": "str"},
                      "app_command_line": {"key": "properties.appCommandLine", "type": "str"}}

    def __init__(self, *, linux_fx_version=None, app_command_line=None, **kwargs):
        super().__init__(**kwargs)
        self.id = None
        self.linux_fx_version = linux_fx_version
        self.app_command_line = app_command_line


def test_an_msrest_model_becomes_the_rest_document_with_read_only_fields():
    model = MsrestSiteConfig(linux_fx_version="PYTHON|3.12", app_command_line="gunicorn app:app")
    model.id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/a/config/web"
    assert model.as_dict()["linux_fx_version"] == "PYTHON|3.12"  # the shape the extension must not read
    assert to_rest(model) == {"id": model.id, "properties": {"linuxFxVersion": "PYTHON|3.12",
                                                              "appCommandLine": "gunicorn app:app"}}


def test_a_generated_model_of_azure_mgmt_web_11_keeps_its_rest_shape():
    from azure.mgmt.web.models import SiteConfigResource
    model = SiteConfigResource({"properties": {"linuxFxVersion": "PYTHON|3.13"}, "kind": "app,linux"})
    assert not is_msrest_model(model)
    assert to_rest(model) == {"properties": {"linuxFxVersion": "PYTHON|3.13"}, "kind": "app,linux"}


def test_plain_values():
    assert to_rest(None) == {} and to_rest({"a": 1}) == {"a": 1}
    assert is_msrest_model(MsrestSiteConfig()) and not is_msrest_model({"a": 1})
