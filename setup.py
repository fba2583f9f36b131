#!/usr/bin/env python
"""pyappsvc: an Azure CLI extension for Python web apps on Azure App Service for Linux."""
from setuptools import find_packages, setup

VERSION = "0.1.0"

CLASSIFIERS = [
    "Development Status :: 4 - Beta",
    "Intended Audience :: Developers",
    "Intended Audience :: System Administrators",
    "Environment :: Console",
    "License :: OSI Approved :: MIT License",
    "Programming Language :: Python",
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
    "Programming Language :: Python :: 3.14",
]

# The package index page is the users' page (docs/USAGE.md); README.md is for contributors.
with open("docs/USAGE.md", "r", encoding="utf-8") as f:
    USAGE = f.read()
with open("HISTORY.rst", "r", encoding="utf-8") as f:
    HISTORY = f.read()

setup(
    name="pyappsvc",
    version=VERSION,
    description="Python web apps on Azure App Service for Linux: runtime versions, startup commands, doctor.",
    long_description=USAGE + "\n\n## Release history\n\n```\n" + HISTORY + "\n```\n",
    long_description_content_type="text/markdown",
    license="MIT",
    author="pyappsvc maintainers",
    author_email="pyappsvc-maintainers@users.noreply.github.com",
    url="https://github.com/pyappsvc/pyappsvc",
    classifiers=CLASSIFIERS,
    packages=find_packages(include=["azext_pyappsvc", "azext_pyappsvc.*"]),
    package_data={"azext_pyappsvc": ["azext_metadata.json"]},
    python_requires=">=3.10",
    # azure-cli-core, knack and azure-mgmt-web come with the host azure-cli.
    install_requires=[],
)
