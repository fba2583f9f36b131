"""Domain errors: raised by the pure layer and the gateway, translated once in custom.py."""
from __future__ import annotations

from typing import Optional


class PyAppSvcError(Exception):
    """Base: a message for the user and one recommendation they can act on."""

    def __init__(self, message: str, recommendation: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.recommendation = recommendation


class InvalidInput(PyAppSvcError):
    """The user's input can never be accepted."""


class ConflictingArguments(InvalidInput):
    """Two arguments that cannot be given together."""


class Refused(PyAppSvcError):
    """The request is understood but would harm or cannot apply to this app; nothing was changed."""


class NotFound(PyAppSvcError):
    """The app, slot or resource group does not exist (exit code 3)."""


class Forbidden(PyAppSvcError):
    """The signed-in identity lacks a permission."""


class Unauthorized(PyAppSvcError):
    """The credentials are missing or expired."""


class ServiceFailure(PyAppSvcError):
    """Azure could not be reached or kept failing."""
