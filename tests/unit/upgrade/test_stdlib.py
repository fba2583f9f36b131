"""Removed standard-library modules and the imports of a file."""
from azext_pyappsvc.upgrade.stdlib import REMOVED_MODULES, imported_modules, removed_by


def test_removed_by_version():
    assert removed_by("distutils.util", "3.12").source == "PEP 632"
    assert removed_by("distutils", "3.11") is None
    assert removed_by("cgi", "3.12") is None and removed_by("cgi", "3.13").removed_in == "3.13"
    assert removed_by("asyncore", "3.12").source == "PEP 594"
    assert removed_by("imp", "3.14").removed_in == "3.12"
    assert removed_by("json", "3.13") is None


def test_the_pep_594_modules_are_all_there():
    pep594 = {name for name, m in REMOVED_MODULES.items() if m.source == "PEP 594"}
    assert pep594 == {"aifc", "asynchat", "asyncore", "audioop", "cgi", "cgitb", "chunk", "crypt", "imghdr",
                      "mailcap", "msilib", "nis", "nntplib", "ossaudiodev", "pipes", "smtpd", "sndhdr", "spwd",
                      "sunau", "telnetlib", "uu", "xdrlib"}


def test_imported_modules_absolute_only():
    source = "import os, sys as s\nfrom distutils.util import strtobool\nfrom . import local\nfrom .x import y\n" \
             "def f():\n    import imp\n"
    assert imported_modules(source) == {"os", "sys", "distutils", "imp"}


def test_a_file_that_does_not_parse_is_read_line_by_line():
    assert imported_modules("print 'py2'\nimport cgi\nfrom distutils import core\n") == {"cgi", "distutils"}
