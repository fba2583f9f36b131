"""Entra ID (cloud metadata, OpenID, tokens) and ARM for Microsoft.Web, as the real az and SDK call them."""
from __future__ import annotations

import base64
import copy
import json
import time
from typing import TYPE_CHECKING, Any, Optional
from urllib.parse import parse_qs

from . import restarts
from .httpserver import Request, Response, arm_error
from .refusals import locked, refuse_write, subscription_not_found
from .state import LOCATION, SUBSCRIPTION_ID, TENANT_ID, DEFAULT_SITE_CONFIG, SiteState
from .fleet import LISTED_FLEET_SUBSCRIPTIONS, fleet_subscription
from .stacks import node_stack, python_stack, real_world_python_stack

if TYPE_CHECKING:
    from . import Emulator

SITE = (r"/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<rg>[^/]+)/providers/Microsoft\.Web/sites/(?P<name>[^/]+)"
        r"(?:/slots/(?P<slot>[^/]+))?")
APP_SERVICE_AUDIENCE = "https://appservice.emulator.local"


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def make_token(app_id: str, audience: str) -> str:
    """An unsigned JWT-shaped token naming the principal and the audience."""
    now = int(time.time())
    claims = {"aud": audience, "appid": app_id, "oid": f"oid-{app_id}", "tid": TENANT_ID,
              "iat": now, "nbf": now, "exp": now + 3600, "iss": "emulator"}
    return f"{_b64({'typ': 'JWT', 'alg': 'none'})}.{_b64(claims)}.c2ln"


def read_token(request: Request) -> Optional[dict[str, Any]]:
    """The claims of the request's bearer token, or None."""
    value = request.headers.get("Authorization") or request.headers.get("authorization") or ""
    if not value.startswith("Bearer "):
        return None
    try:
        payload = value[7:].split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return None


class Arm:
    """The ARM and identity routes over the emulator's world."""

    def __init__(self, emulator: "Emulator") -> None:
        self.emu = emulator

    # --- identity -------------------------------------------------------
    def metadata(self, request: Request, match: Any) -> Response:
        """Cloud metadata for `az cloud register --endpoint-resource-manager`.

        azure-cli before 2.61 reads it through msrestazure's _populate_from_metadata_endpoint, which asks for
        api-version=2015-01-01 (appending the path to the endpoint, so the path may start with //) and reads the
        older shape ARM still serves for that version: galleryEndpoint, graphEndpoint, portalEndpoint and
        authentication. Newer azure-cli asks for 2022-09-01 and reads the shape below.
        """
        base = self.emu.arm_url
        if request.query.get("api-version") == "2015-01-01":
            return Response(200, {"galleryEndpoint": base, "graphEndpoint": base, "portalEndpoint": base,
                                  "authentication": {"loginEndpoint": base, "audiences": [base]}})
        return Response(200, {
            "name": "Emulator", "resourceManager": base, "portal": base, "gallery": base,
            "graph": base, "graphAudience": base, "microsoftGraphResourceId": base,
            # the public cloud's id has no trailing "/"; China's and US Government's have one (a scenario or test
            # sets world.app_service_resource_id to such a spelling)
            "appServiceResourceId": self.emu.world.app_service_resource_id or APP_SERVICE_AUDIENCE,
            "authentication": {"loginEndpoint": base, "audiences": [base], "tenant": "common",
                               "identityProvider": "AAD"},
            "suffixes": {"storage": "core.emulator.local", "keyVaultDns": "vault.emulator.local",
                         "acrLoginServer": "azurecr.emulator.local", "sqlServerHostname": "database.emulator.local"},
        })

    def openid(self, request: Request, match: Any) -> Response:
        """OpenID configuration of the tenant, as MSAL reads it."""
        tenant = match["tenant"]
        base = self.emu.arm_url.rstrip("/")
        return Response(200, {
            "token_endpoint": f"{base}/{tenant}/oauth2/v2.0/token",
            "authorization_endpoint": f"{base}/{tenant}/oauth2/v2.0/authorize",
            "device_authorization_endpoint": f"{base}/{tenant}/oauth2/v2.0/devicecode",
            "issuer": f"{base}/{TENANT_ID}/v2.0", "tenant_region_scope": "EU",
            "jwks_uri": f"{base}/{tenant}/discovery/v2.0/keys",
            "response_types_supported": ["code", "id_token", "token"],
        })

    def token(self, request: Request, match: Any) -> Response:
        """Client-credentials token endpoint."""
        form = {k: v[-1] for k, v in parse_qs(request.body.decode()).items()}
        principal = next((p for p in self.emu.world.principals if p.app_id == form.get("client_id")), None)
        if principal is None or principal.secret != form.get("client_secret"):
            return Response(401, {"error": "invalid_client",
                                  "error_description": "AADSTS7000215: Invalid client secret provided."})
        scope = form.get("scope", "").split()[0] if form.get("scope") else ""
        with self.emu.board.lock:
            self.emu.world.token_scopes.append(scope)  # what was asked for, for the tests (never the secret)
        audience = scope[: -len("/.default")] if scope.endswith("/.default") else scope
        return Response(200, {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
                              "access_token": make_token(principal.app_id, audience.rstrip("/"))})

    # --- ARM helpers ------------------------------------------------------
    def _principal(self, request: Request, audience: str) -> tuple[Optional[Any], Optional[Response]]:
        claims = read_token(request)
        if claims is None:
            return None, arm_error(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.")
        if claims.get("aud", "").rstrip("/") != audience.rstrip("/"):
            return None, arm_error(401, "InvalidAuthenticationTokenAudience",
                                   f"The access token has been obtained for wrong audience or resource '{claims.get('aud')}'.")
        principal = next((p for p in self.emu.world.principals if p.app_id == claims.get("appid")), None)
        if principal is None:
            return None, arm_error(401, "InvalidAuthenticationToken", "The access token is invalid.")
        return principal, None

    def _guard(self, request: Request, action: Optional[str] = None, scope: str = "") -> Optional[Response]:
        """Auth, api-version and authorization for an ARM call; None when it may proceed."""
        principal, failure = self._principal(request, self.emu.arm_url)
        if failure:
            return failure
        if "api-version" not in request.query:
            return arm_error(400, "MissingApiVersionParameter",
                             "The api-version query parameter (?api-version=) is required for all requests.")
        if action and principal.role == "Reader":
            return arm_error(403, "AuthorizationFailed",
                             f"The client '{principal.app_id}' with object id 'oid-{principal.app_id}' does not have "
                             f"authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. "
                             "If access was recently granted, please refresh your credentials.")
        return None

    def _site(self, match: Any) -> tuple[Optional[SiteState], Optional[Response]]:
        if match["sub"] != SUBSCRIPTION_ID or self.emu.world.subscription_gone:
            return None, subscription_not_found(match["sub"])
        group = self.emu.world.find_group(match["rg"])
        if group is None:
            return None, arm_error(404, "ResourceGroupNotFound", f"Resource group '{match['rg']}' could not be found.")
        site = self.emu.world.find_site(group, match["name"], match["slot"])
        if site is None:
            kind = f"Microsoft.Web/sites/{match['name']}" + (f"/slots/{match['slot']}" if match["slot"] else "")
            return None, arm_error(404, "ResourceNotFound",
                                   f"The Resource '{kind}' under resource group '{match['rg']}' was not found. "
                                   "For more details please go to https://aka.ms/ARMResourceNotFoundFix")
        return site, None

    def _site_document(self, site: SiteState) -> dict[str, Any]:
        # "SiteConfig is not part of Site API, by design" (azure-powershell#14877): GET site answers siteConfig with
        # every field null (azure-rest-api-specs#12104); some answers fill a few fields. A scenario opts in with
        # "siteConfigOnGetSite": a list of fields copied from config/web, or a dict of literal values (which may
        # disagree with config/web, e.g. linuxFxVersion "", as real partial answers do).
        partial: dict[str, Any] = {key: None for key in DEFAULT_SITE_CONFIG}
        fill = site.site_config_on_get
        if isinstance(fill, dict):
            partial.update(fill)
        else:
            partial.update({key: site.site_config.get(key) for key in fill or ()})
        ssl_states = [{"name": site.site_host, "sslState": "Disabled", "hostType": "Standard"},
                      {"name": site.kudu_host, "sslState": "Disabled", "hostType": "Repository"}]
        return {
            "id": site.resource_id, "name": site.full_name, "kind": site.kind, "location": LOCATION,
            "type": "Microsoft.Web/sites/slots" if site.slot else "Microsoft.Web/sites", "tags": {},
            "properties": {
                "name": site.full_name, "state": site.state, "hostNames": [site.site_host],
                "enabledHostNames": [site.site_host, site.kudu_host], "defaultHostName": site.site_host,
                "hostNameSslStates": ssl_states, "reserved": site.reserved, "httpsOnly": site.https_only,
                "resourceGroup": site.resource_group, "usageState": "Normal", "enabled": True,
                "availabilityState": "Normal", "clientAffinityEnabled": False, "isXenon": False,
                "hyperV": False, "siteConfig": partial, "lastModifiedTimeUtc": "2026-11-01T10:00:00.000Z",
                "sku": "Basic",
                "serverFarmId": f"/subscriptions/{SUBSCRIPTION_ID}/resourceGroups/{site.resource_group}"
                                "/providers/Microsoft.Web/serverfarms/plan",
            },
        }

    def _config_document(self, site: SiteState) -> dict[str, Any]:
        return {"id": f"{site.resource_id}/config/web", "name": site.full_name, "type": "Microsoft.Web/sites/config",
                "location": LOCATION, "properties": copy.deepcopy(site.site_config)}

    # --- ARM routes -------------------------------------------------------
    @staticmethod
    def _subscription(sub_id: str, name: str) -> dict[str, Any]:
        return {"id": f"/subscriptions/{sub_id}", "subscriptionId": sub_id,
                "tenantId": TENANT_ID, "displayName": name, "state": "Enabled",
                "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01", "quotaId": "PayAsYouGo_2014-09-01",
                                         "spendingLimit": "Off"}, "authorizationSource": "RoleBased"}

    def subscriptions(self, request: Request, match: Any) -> Response:
        """The scenario's subscription first (az login makes it the default), then the listed fleet subscriptions
        (fleet.py), which az login caches for audit; one of them may be unreadable by Resource Graph, as a
        subscription whose access was taken away after the login."""
        failure = self._guard(request)
        if failure:
            return failure
        subs = [self._subscription(SUBSCRIPTION_ID, "Emulated subscription")] + [
            self._subscription(fleet_subscription(i), f"Fleet subscription {i}")
            for i in range(LISTED_FLEET_SUBSCRIPTIONS)]
        wanted = match.groupdict().get("sub")
        if wanted:
            found = next((s for s in subs if s["subscriptionId"] == wanted.lower()), None)
            return Response(200, found) if found else arm_error(
                404, "SubscriptionNotFound", f"The subscription '{wanted}' could not be found.")
        return Response(200, {"value": subs, "count": {"type": "Total", "value": len(subs)}})

    def tenants(self, request: Request, match: Any) -> Response:
        """The one tenant."""
        return self._guard(request) or Response(200, {"value": [{"id": f"/tenants/{TENANT_ID}", "tenantId": TENANT_ID}]})

    def get_site(self, request: Request, match: Any) -> Response:
        """GET a site or slot."""
        failure = self._guard(request)
        site, missing = (None, None) if failure else self._site(match)
        return failure or missing or Response(200, self._site_document(site))

    def list_slots(self, request: Request, match: Any) -> Response:
        """GET the slots of a site."""
        failure = self._guard(request)
        site, missing = (None, None) if failure else self._site(match)
        if failure or missing:
            return failure or missing
        slots = [self._site_document(s) for s in self.emu.world.sites if s.slot and s.name == site.name
                 and s.resource_group == site.resource_group]
        return Response(200, {"value": slots, "nextLink": None})

    def config_web(self, request: Request, match: Any) -> Response:
        """GET, PATCH (merge non-null) or PUT (replace) config/web."""
        write = request.method in ("PATCH", "PUT")
        site, missing = self._site(match)
        failure = self._guard(request, "Microsoft.Web/sites/config/write" if write else None,
                              site.resource_id if site else "")
        if failure or missing:
            return failure or missing
        refusal = refuse_write(site, request.method) if write else None
        if refusal:
            return refusal
        if write:
            properties = (request.json() or {}).get("properties") or {}
            if request.method == "PUT":
                site.site_config = {key: None for key in DEFAULT_SITE_CONFIG}
            before = site.site_config.get("linuxFxVersion")
            site.site_config.update({k: v for k, v in properties.items() if v is not None})
            if site.site_config.get("linuxFxVersion") != before:
                restarts.begin(site, str(site.site_config.get("linuxFxVersion") or ""))
        return Response(200, self._config_document(site))

    def list_app_settings(self, request: Request, match: Any) -> Response:
        """POST config/appsettings/list: the values are secrets."""
        site, missing = self._site(match)
        failure = self._guard(request, "Microsoft.Web/sites/config/list/action", site.resource_id if site else "")
        if failure or missing:
            return failure or missing
        if locked(site, "POST"):
            return locked(site, "POST")
        return Response(200, {"id": f"{site.resource_id}/config/appsettings", "name": "appsettings",
                              "type": "Microsoft.Web/sites/config", "location": LOCATION,
                              "properties": dict(site.app_settings)})

    def publishing_profile(self, request: Request, match: Any) -> Response:
        """POST publishxml, which `az webapp show` reads for its FTP address (invented, credential-free values)."""
        site, missing = self._site(match)
        failure = self._guard(request, "Microsoft.Web/sites/publishxml/action", site.resource_id if site else "")
        if failure or missing:
            return failure or missing
        xml = (f'<publishData><publishProfile profileName="{site.full_name} - FTP" publishMethod="FTP" '
               f'publishUrl="ftps://{site.kudu_host}/site/wwwroot" userName="emulator" userPWD="" '
               f'destinationAppUrl="https://{site.site_host}"/></publishData>')
        return Response(200, xml.encode(), {"Content-Type": "application/xml"})

    def slot_config_names(self, request: Request, match: Any) -> Response:
        """GET config/slotConfigNames: no sticky settings in any scenario."""
        failure = self._guard(request)
        site, missing = (None, None) if failure else self._site(match)
        if failure or missing:
            return failure or missing
        return Response(200, {"id": f"{site.resource_id}/config/slotConfigNames", "name": "slotConfigNames",
                              "properties": {"appSettingNames": list(site.sticky_settings), "connectionStringNames": [],
                                             "azureStorageConfigNames": []}})

    def key_vault_references(self, request: Request, match: Any) -> Response:
        """GET config/configreferences/appsettings: one ApiKVReference per setting whose value is a reference.

        Shape from azure-rest-api-specs Microsoft.Web WebApps.json (ApiKVReferenceCollection: value[], nextLink;
        properties.reference/status/vaultName/secretName/identityType/source). The status comes from the scenario
        (keyVaultStatus), Resolved by default; no secret value is ever in this answer, as in the real one.
        """
        failure = self._guard(request)
        site, missing = (None, None) if failure else self._site(match)
        if failure or missing:
            return failure or missing
        value = []
        for name, setting in site.app_settings.items():
            if not str(setting).startswith("@Microsoft.KeyVault("):
                continue
            vault = str(setting).split("VaultName=", 1)[-1].split(";", 1)[0] if "VaultName=" in setting else None
            value.append({"id": f"{site.resource_id}/config/configreferences/appsettings/{name}", "name": name,
                          "type": "Microsoft.Web/sites/config/configreferences", "location": LOCATION,
                          "properties": {"reference": setting, "status": site.key_vault_status.get(name, "Resolved"),
                                         "vaultName": vault, "identityType": "SystemAssigned", "source": "KeyVault"}})
        return Response(200, {"value": value, "nextLink": None})

    def web_app_stacks(self, request: Request, match: Any) -> Response:
        """GET /providers/Microsoft.Web/webAppStacks, two pages."""
        failure = self._guard(request)
        if failure:
            return failure
        python = real_world_python_stack() if self.emu.world.stacks_variant == "real-world" else python_stack()
        pages = [[python], [node_stack()]]
        if self.emu.world.stacks_python_page == 2:
            pages.reverse()
        page = int(request.query.get("page", "1"))
        next_link = None
        if page < len(pages):
            os_type = request.query.get("stackOsType", "Linux")
            next_link = (f"{self.emu.arm_url}providers/Microsoft.Web/webAppStacks?"
                         f"stackOsType={os_type}&page={page + 1}&api-version={request.query['api-version']}")
        return Response(200, {"value": pages[page - 1], "nextLink": next_link})

    def register(self) -> None:
        """Add the routes to the switchboard."""
        route = self.emu.board.route
        route("arm", "GET", r"/+metadata/endpoints", self.metadata)
        route("arm", "GET", r"/(?P<tenant>[^/]+)/v2\.0/\.well-known/openid-configuration", self.openid)
        route("arm", "POST", r"/(?P<tenant>[^/]+)/oauth2/v2\.0/token", self.token)
        route("arm", "GET", r"/subscriptions", self.subscriptions)
        route("arm", "GET", r"/subscriptions/(?P<sub>[^/]+)", self.subscriptions)
        route("arm", "GET", r"/tenants", self.tenants)
        route("arm", "GET", SITE, self.get_site)
        route("arm", "GET", SITE + r"/slots", self.list_slots)
        for method in ("GET", "PATCH", "PUT"):
            route("arm", method, SITE + r"/config/web", self.config_web)
        route("arm", "POST", SITE + r"/config/appsettings/list", self.list_app_settings)
        route("arm", "POST", SITE + r"/publishxml", self.publishing_profile)
        route("arm", "GET", SITE + r"/config/slotConfigNames", self.slot_config_names)
        route("arm", "GET", SITE + r"/config/configreferences/appsettings", self.key_vault_references)
        route("arm", "GET", r"/providers/Microsoft\.Web/webAppStacks", self.web_app_stacks)
