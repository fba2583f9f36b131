"""Wheel tags of App Service's CPython: PEP 425 names, PEP 600 manylinux, abi3."""
import pytest

from azext_pyappsvc.upgrade.tags import interpreters, is_pure, linux_platforms, wheel_fits

ML = "manylinux_2_17_x86_64.manylinux2014_x86_64"


@pytest.mark.parametrize("filename, python, fits", [
    (f"numpy-2.1.3-cp313-cp313-{ML}.whl", "3.13", True),
    (f"numpy-1.26.4-cp312-cp312-{ML}.whl", "3.13", False),           # another interpreter's ABI
    ("cryptography-43.0.0-cp39-abi3-manylinux_2_28_x86_64.whl", "3.13", True),  # abi3 from an older cp3x
    ("cryptography-43.0.0-cp39-abi3-manylinux_2_28_x86_64.whl", "3.8", False),  # abi3 only upwards
    ("flask-3.0.3-py3-none-any.whl", "3.13", True),
    ("six-1.16.0-py2.py3-none-any.whl", "3.12", True),
    ("legacy-1.0-py2-none-any.whl", "3.12", False),
    (f"numpy-2.1.3-cp313-cp313t-{ML}.whl", "3.13", False),           # free-threaded build only
    ("numpy-2.1.3-cp313-cp313-win_amd64.whl", "3.13", False),
    ("numpy-2.1.3-cp313-cp313-musllinux_1_2_x86_64.whl", "3.13", False),
    ("numpy-2.1.3-cp313-cp313-manylinux_2_17_aarch64.whl", "3.13", False),
    ("pkg-1.0-cp313-cp313-manylinux_2_34_x86_64.whl", "3.13", False),  # newer glibc than the images promise
    ("pkg-1.0-cp313-cp313-manylinux1_x86_64.whl", "3.13", True),       # legacy alias of manylinux_2_5
    ("not-a-wheel.whl", "3.13", False),
])
def test_wheel_fits(filename, python, fits):
    assert wheel_fits(filename, python) is fits


def test_platforms_run_from_the_images_glibc_down_with_the_legacy_aliases():
    platforms = linux_platforms((2, 31))
    assert platforms[0] == "manylinux_2_31_x86_64" and platforms[-1] == "linux_x86_64"
    assert platforms.index("manylinux2014_x86_64") == platforms.index("manylinux_2_17_x86_64") + 1
    assert "manylinux_2_32_x86_64" not in platforms


def test_pure_and_compiled_interpreters():
    assert is_pure("flask-3.0.3-py3-none-any.whl") and not is_pure(f"numpy-2.1.3-cp313-cp313-{ML}.whl")
    names = [f"numpy-1.24.4-cp{v}-cp{v}-{ML}.whl" for v in ("311", "38", "310", "39")] + ["x-1-py3-none-any.whl"]
    assert interpreters(names) == ["cp38", "cp39", "cp310", "cp311"]
