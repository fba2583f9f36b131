"""End-to-end fixtures: the emulator, and the real az logged in to it with the built wheel installed."""
from __future__ import annotations

from typing import Any, Callable, Iterator

import pytest

from tests.emulator import Emulator
from tests.harness import AzResult, AzSession

SECRET_VALUE = "planted-secret-value-9f8e7d"


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    """One emulator per test process, reset before every test that uses `az`."""
    emu = Emulator("default").start()
    yield emu
    emu.stop()


@pytest.fixture(scope="session")
def extension_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Where `az extension add` installs the wheel (shared by the sessions of this process)."""
    return str(tmp_path_factory.mktemp("az-extensions"))


def _session(emulator: Emulator, tmp: pytest.TempPathFactory, extension_dir: str, role: str) -> AzSession:
    session = AzSession(str(tmp.mktemp(f"azure-config-{role.lower()}")), emulator.arm_url, emulator.ca_bundle,
                        extension_dir)
    session.login(emulator.tenant_id, *emulator.principal(role))
    return session


@pytest.fixture(scope="session")
def az_session(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory, extension_dir: str) -> AzSession:
    """az as a Contributor, with the extension installed from the built wheel."""
    session = _session(emulator, tmp_path_factory, extension_dir, "Contributor")
    session.install_extension()
    return session


@pytest.fixture(scope="session")
def reader_session(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory, extension_dir: str,
                   az_session: AzSession) -> AzSession:
    """az as an identity that may only read (shares the installed extension)."""
    return _session(emulator, tmp_path_factory, extension_dir, "Reader")


@pytest.fixture
def az(az_session: AzSession, emulator: Emulator) -> Callable[..., AzResult]:
    """Run `az ...` as the Contributor against a freshly reset emulator."""
    emulator.reset()
    return az_session.run


@pytest.fixture
def az_reader(reader_session: AzSession, emulator: Emulator) -> Callable[..., AzResult]:
    """Run `az ...` as the Reader against a freshly reset emulator."""
    emulator.reset()
    return reader_session.run


def writes(emulator: Emulator) -> list[dict[str, Any]]:
    """The ARM writes the emulator recorded (PATCH, PUT, DELETE)."""
    return [r for r in emulator.requests("arm") if r["method"] in ("PATCH", "PUT", "DELETE")]


def assert_clean_failure(result: AzResult, code: int = 1) -> None:
    """Non-zero exit with the given code, an ERROR line, and no traceback."""
    assert result.returncode == code, str(result)
    assert "ERROR:" in result.stderr, str(result)
    assert "Traceback" not in result.stderr + result.stdout, str(result)
