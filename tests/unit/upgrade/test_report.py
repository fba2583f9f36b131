"""upgrade-check's report."""
from azext_pyappsvc.upgrade.releases import DistFile, Release
from azext_pyappsvc.upgrade.report import CheckContext, has_blocked, upgrade_result
from azext_pyappsvc.upgrade.verdicts import Package, judge_pinned

CONTEXT = CheckContext("3.13", "3.12", "site/wwwroot", "https://pypi.org", {"name": "web"}, ("a note",))
OK = judge_pinned(Package("a", "==1"), Release("1", (DistFile("a-1-py3-none-any.whl", "bdist_wheel"),)), None, "3.13")
BLOCKED = judge_pinned(Package("b", "==1"), Release("1", (DistFile("b-1-cp311-cp311-manylinux1_x86_64.whl",
                                                                    "bdist_wheel"),)), [], "3.13")


def test_a_ready_report():
    result = upgrade_result(CONTEXT, [OK], {"app.py": {"os"}}, 1)
    assert (result["name"], result["ready"], result["code"], result["indexRequests"]) == ("web", True, [], 1)
    assert result["notes"] == ["a note"] and not has_blocked(result)


def test_blocked_by_a_package_or_by_the_code():
    assert has_blocked(upgrade_result(CONTEXT, [OK, BLOCKED], {}, 2))
    assert has_blocked(upgrade_result(CONTEXT, [OK], {"app.py": {"imp"}}, 1))


def test_a_target_that_is_not_newer_is_noted():
    older = CheckContext("3.11", "3.12", "x", "i")
    assert upgrade_result(older, [], {}, 0)["notes"] == ["The app already runs Python 3.12; checked for 3.11 anyway."]
