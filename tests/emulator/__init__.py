"""A faithful local stand-in for ARM (Microsoft.Web), Entra ID, Kudu and the sites, over HTTPS on loopback."""
from __future__ import annotations

import socket
import ssl
import tempfile
from pathlib import Path
from typing import Any, Optional

import trustme

from .apps import Apps
from .arm import Arm
from .graph import ResourceGraph
from .httpserver import Fault, Request, Response, Switchboard, TlsServer, start_server
from .pypi import PackageIndex
from .state import SUBSCRIPTION_ID, TENANT_ID, SiteState, World, load_world, read_scenario

ARM_HOST = "127.0.0.1"
INDEX_HOST = "127.0.4.1"  # the package index stand-in (tests/emulator/pypi.py)


class Emulator:
    """Starts the servers, owns the world, and offers the admin surface tests use."""

    def __init__(self, scenario: str = "default", workdir: Optional[str] = None) -> None:
        self.scenario_doc = read_scenario(scenario)
        self.world: World = load_world(self.scenario_doc)
        self.board = Switchboard()
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="pyappsvc-emulator-"))
        self.servers: list[TlsServer] = []
        self.arm_url = ""
        self.index_host = ""
        self.package_index: Optional[PackageIndex] = None
        self.ca_bundle = str(self.workdir / "emulator-ca.pem")
        self._hosts: dict[str, SiteState] = {}
        self._site_hosts: list[tuple[str, str]] = []   # (site, kudu) host of each site as started
        self._trusted_context: Optional[ssl.SSLContext] = None
        self._untrusted_context: Optional[ssl.SSLContext] = None
        self._addresses: list[str] = []
        self.graph = ResourceGraph(self)

    # --- life cycle -------------------------------------------------------
    def start(self, port: int = 0) -> "Emulator":
        """Bind every host, issue one certificate for all of them, and serve."""
        ca = trustme.CA()
        ca.cert_pem.write_to_path(self.ca_bundle)
        addresses = [ARM_HOST, INDEX_HOST] + [self._app_address(i, k) for i in range(len(self.world.sites)) for k in (1, 2)]
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert(*addresses, "localhost").configure_cert(context)
        self._trusted_context, self._addresses = context, addresses
        arm = start_server(ARM_HOST, self.board, context, port)
        self.servers.append(arm)
        self.arm_url = f"https://{ARM_HOST}:{arm.server_address[1]}/"
        for index, site in enumerate(self.world.sites):
            for kind, octet in (("site", 1), ("kudu", 2)):
                server = start_server(self._app_address(index, octet), self.board, context)
                host = f"{server.server_address[0]}:{server.server_address[1]}"
                self.board.host_kinds[host] = f"{kind}:{index}"
                setattr(site, f"{kind}_host", host)
                self._hosts[host] = site
                self.servers.append(server)
        self._site_hosts = [(site.site_host, site.kudu_host) for site in self.world.sites]
        index = start_server(INDEX_HOST, self.board, context)
        self.index_host = f"{INDEX_HOST}:{index.server_address[1]}"
        self.board.host_kinds[self.index_host] = "index:0"
        self.servers.append(index)
        self.package_index = PackageIndex(self)
        self.package_index.register()
        Arm(self).register()
        Apps(self).register()
        self.graph.register()
        self._register_admin()
        return self

    def stop(self) -> None:
        """Shut every server down."""
        for server in self.servers:
            server.shutdown()
            server.server_close()

    @staticmethod
    def _app_address(index: int, octet: int) -> str:
        return f"127.0.{octet}.{index + 1}"

    def site_by_host(self, host: str) -> Optional[SiteState]:
        """The site or slot served on a host."""
        return self._hosts.get(host)

    # --- admin surface (in-process and over HTTP) ---------------------------
    def reset(self) -> None:
        """Back to the scenario as loaded: state, records, faults and latency."""
        fresh = load_world(self.scenario_doc)
        for (site_host, kudu_host), new in zip(self._site_hosts, fresh.sites):
            new.site_host, new.kudu_host = site_host, kudu_host
        for server in self.servers:
            server.ssl_context = self._trusted_context
        self.world = fresh
        self.graph.reset()
        self._hosts = {s.site_host: s for s in fresh.sites} | {s.kudu_host: s for s in fresh.sites}
        self.board.reset_runtime()
        if self.package_index is not None:
            self.package_index.omit_releases = False

    def requests(self, kind: Optional[str] = None) -> list[dict[str, Any]]:
        """Recorded requests (admin calls excluded), optionally of one host kind: arm, kudu or site."""
        with self.board.lock:
            records = [r for r in self.board.records if not r["path"].startswith("/_emulator")]
        return [r for r in records if kind is None or r["kind"] == kind]

    def clear_requests(self) -> None:
        """Forget what was recorded so far."""
        with self.board.lock:
            self.board.records.clear()

    def inject(self, pattern: str, **fault: Any) -> None:
        """Add a fault for requests whose "METHOD host/path" matches pattern."""
        with self.board.lock:
            self.board.faults.append(Fault(pattern, **fault))

    def set_latency(self, ms: int, pattern: Optional[str] = None) -> None:
        """Delay every request (or those matching pattern) by ms."""
        with self.board.lock:
            if pattern is None:
                self.board.latency_ms = ms
            else:
                self.board.route_latency.append((pattern, ms))

    def serve_untrusted(self, host: str) -> None:
        """Serve host ("127.0.2.1:port", or the ARM host) with a certificate from another CA, which clients do not
        trust, until reset(): the TLS handshake fails as behind a TLS-inspecting proxy."""
        if self._untrusted_context is None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            trustme.CA().issue_cert(*self._addresses, "localhost").configure_cert(context)
            self._untrusted_context = context
        server = next(s for s in self.servers if f"{s.server_address[0]}:{s.server_address[1]}" == host)
        server.ssl_context = self._untrusted_context

    @staticmethod
    def closed_address(address: str = "127.0.3.1") -> str:
        """host:port on loopback where nothing listens (connections are refused)."""
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        probe.bind((address, 0))
        port = probe.getsockname()[1]
        probe.close()
        return f"{address}:{port}"

    @property
    def index_url(self) -> str:
        """The package index's JSON API base (public packages)."""
        return f"https://{self.index_host}"

    def private_index_url(self, with_credentials: bool = True) -> str:
        """The private feed's JSON API base, with its user and token in the URL unless told otherwise."""
        userinfo = f"{self.package_index.user}:{self.package_index.password}@" if with_credentials else ""
        return f"https://{userinfo}{self.index_host}/private"

    def site(self, group: str, name: str, slot: Optional[str] = None) -> SiteState:
        """A site's live state, for assertions."""
        found = self.world.find_site(group, name, slot)
        assert found is not None, f"no site {group}/{name}/{slot}"
        return found

    def principal(self, role: str = "Contributor") -> tuple[str, str]:
        """(app id, secret) of the first principal with the role."""
        p = next(p for p in self.world.principals if p.role == role)
        return p.app_id, p.secret

    @property
    def subscription_id(self) -> str:
        """The one subscription's id."""
        return SUBSCRIPTION_ID

    @property
    def tenant_id(self) -> str:
        """The tenant's id."""
        return TENANT_ID

    def _register_admin(self) -> None:
        route = self.board.route
        route("arm", "GET", r"/_emulator/requests", lambda r, m: Response(200, self.requests(r.query.get("kind"))))
        route("arm", "DELETE", r"/_emulator/requests", lambda r, m: (self.clear_requests(), Response(204))[1])
        route("arm", "POST", r"/_emulator/reset", lambda r, m: (self.reset(), Response(204))[1])
        route("arm", "POST", r"/_emulator/faults", self._admin_fault)
        route("arm", "POST", r"/_emulator/latency", self._admin_latency)

    def _admin_fault(self, request: Request, match: Any) -> Response:
        body = request.json() or {}
        self.inject(body.pop("pattern"), **body)
        return Response(204)

    def _admin_latency(self, request: Request, match: Any) -> Response:
        body = request.json() or {}
        self.set_latency(int(body.get("ms", 0)), body.get("pattern"))
        return Response(204)


__all__ = ["Emulator"]
