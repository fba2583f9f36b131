"""Choosing the index as pip does, and hiding credentials."""
import pytest

from azext_pyappsvc.errors import InvalidInput
from azext_pyappsvc.upgrade.index import choose_index, index_from_config, redact


def test_the_option_wins_then_the_environment_then_pip_conf_then_pypi():
    conf = ["[global]\nindex-url = https://conf.example/json\n"]
    env = {"PIP_INDEX_URL": "https://env.example/json"}
    assert choose_index("https://opt.example", env, conf).base == "https://opt.example"
    assert choose_index(None, env, conf).origin == "PIP_INDEX_URL"
    assert choose_index(None, {}, conf).base == "https://conf.example/json"
    assert choose_index(None, {"PIP_INDEX_URL": ""}, []).base == "https://pypi.org"


def test_install_section_and_later_files_win():
    assert index_from_config(["[global]\nindex-url=https://a\n[install]\nindex-url=https://b\n",
                              "[global]\nindex-url=https://c\n"]) == "https://c"
    assert index_from_config(["[install]\nindex-url=https://b\n[global]\nindex-url=https://a\n"]) == "https://b"
    assert index_from_config(["not ini at all"]) is None


def test_credentials_are_taken_out_of_the_url():
    choice = choose_index("https://feed%40org:s3cr%2Ft@host.example:8443/private/", {}, [])
    assert (choice.base, choice.username, choice.password) == ("https://host.example:8443/private", "feed@org",
                                                               "s3cr/t")
    assert "s3cr" not in choice.display and "feed" not in choice.display


def test_simple_urls_map_only_for_pypi():
    assert choose_index("https://pypi.org/simple/", {}, []).base == "https://pypi.org"
    with pytest.raises(InvalidInput) as caught:
        choose_index(None, {"PIP_INDEX_URL": "https://u:topsecret@pkgs.example/feed/simple"}, [])
    assert "topsecret" not in caught.value.message and "***@pkgs.example" in caught.value.message


def test_not_a_url():
    with pytest.raises(InvalidInput):
        choose_index("ftp://x", {}, [])


def test_redact():
    assert redact("see https://user:pw@a.example/x and http://tok@b/") == "see https://***@a.example/x and http://***@b/"
