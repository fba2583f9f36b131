"""requirements.txt with -r includes, pyproject.toml, antenv's dist-info names."""
from azext_pyappsvc.source.tree import MemoryTree
from azext_pyappsvc.upgrade.requirements import (Requirement, installed_from_dist_info, logical_lines,
                                                  pyproject_requirements, read_requirements, site_packages_of)


def names(declared):
    return [(r.name, r.specifier, r.source) for r in declared.requirements]


def test_includes_are_followed_relative_to_the_including_file_and_read_once():
    tree = MemoryTree({"requirements.txt": "-r reqs/base.txt\n--requirement=reqs/base.txt\ngunicorn==23.0.0\n",
                       "reqs/base.txt": "Flask>=3 # web\n-r ../common.txt\n", "common.txt": "-r requirements.txt\n"
                       "Jinja2==3.1.4\n"})
    declared = read_requirements(tree, "3.13")
    assert names(declared) == [("gunicorn", "==23.0.0", "requirements.txt:3"), ("flask", ">=3", "reqs/base.txt:1"),
                               ("jinja2", "==3.1.4", "common.txt:2")]
    assert declared.files == ["requirements.txt", "reqs/base.txt", "common.txt"]


def test_markers_options_hashes_and_bad_lines():
    text = ("pywin32==306 ; sys_platform == 'win32'\nbackports.zoneinfo ; python_version < '3.9'\n"
            "-e ./local\n--index-url https://u:p@feed/simple\nnumpy==2.1.3 \\\n    --hash=sha256:abc\n"
            "this is not valid\nrequests[socks] @ https://example.com/r.whl\n")
    declared = read_requirements(MemoryTree({"requirements.txt": text}), "3.13")
    assert names(declared)[0] == ("numpy", "==2.1.3", "requirements.txt:5")
    assert declared.requirements[1].url == "https://example.com/r.whl"
    assert len(declared.notes) == 3 and not any("u:p" in note for note in declared.notes)


def test_a_missing_include_is_noted_and_a_missing_file_is_not_declared():
    declared = read_requirements(MemoryTree({"requirements.txt": "-r nope.txt\n"}), "3.13")
    assert declared.notes == ["nope.txt (included with -r) was not found."]
    assert read_requirements(MemoryTree({}), "3.13").files == []


def test_logical_lines_join_continuations_and_drop_comments():
    assert logical_lines("a \\\n  ==1  # pin\n#only\n\nb\n") == [(1, "a    ==1"), (5, "b")]


def test_pinned():
    assert Requirement("a", "==1.2").pinned == "1.2" and Requirement("a", "===1.2").pinned == "1.2"
    assert Requirement("a", "==1.*").pinned is None and Requirement("a", ">=1,==1.2").pinned is None


def test_pyproject_pep_621_and_poetry():
    text = '[project]\ndependencies = ["Django>=4.2", "pywin32; sys_platform==\'win32\'"]\n' \
           '[tool.poetry.dependencies]\npython = "^3.11"\nnumpy = "^1.26"\nflask = "3.0.3"\nclick = {version = "*"}\n'
    declared = pyproject_requirements(text, "3.13")
    assert [(r.name, r.specifier) for r in declared.requirements] == [
        ("django", ">=4.2"), ("numpy", ">=1.26"), ("flask", "==3.0.3"), ("click", "")]
    assert pyproject_requirements("[project\n", "3.13").notes


def test_dist_info_names_and_site_packages():
    assert installed_from_dist_info(["Flask-3.0.3.dist-info", "markupsafe", "pip-24.0.dist-info",
                                     "typing_extensions-4.12.2.dist-info"]) == {
        "flask": "3.0.3", "typing-extensions": "4.12.2"}
    assert site_packages_of(["python3.9", "python3.12", "pkgconfig"]) == "antenv/lib/python3.12/site-packages/"
    assert site_packages_of([]) is None
