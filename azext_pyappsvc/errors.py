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


class Blocked(PyAppSvcError):
    """Azure refused a request for a reason outside the command (a lock, a policy, another operation); nothing
    was changed."""


class PolicyDenied(Blocked):
    """An Azure Policy assignment denied the request (403 RequestDisallowedByPolicy)."""


class Locked(Blocked):
    """A management lock on the app or its group refused the request (409 ScopeLocked)."""


class Busy(Blocked):
    """Another operation runs on the app (409 Conflict)."""
