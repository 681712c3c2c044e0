"""One family of refusals. Screens show ``str(err)``; the CLI prints it and exits non-zero."""

from __future__ import annotations

from enum import IntEnum


class IcesError(Exception):
    """Base of every refusal the services raise. Nothing was changed."""

    rule: str = ""
    #: what an act table refused on (``console.acts.base.Check``); "" for the domain's own
    check: str = ""
    #: the act (``KIND.name``) whose table row refused, with ``check``
    act: str = ""

    def __init__(self, message: str, rule: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule or self.rule

    def __str__(self) -> str:
        return f"{self.message} ({self.rule})" if self.rule else self.message


class RuleViolation(IcesError):
    """The act breaks a numbered rule of the spec, e.g. EXP-ASM-5."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message, rule)


class InvalidInput(IcesError):
    """A field's value is malformed or unknown: names the field."""

    def __init__(self, field: str, message: str, rule: str = "") -> None:
        super().__init__(f"{field}: {message}", rule)
        self.field = field


class NotPermitted(IcesError):
    """The officer's role or rank may not do this (roles.md)."""


class NotFound(IcesError):
    """No such document or record."""


class Conflict(IcesError):
    """Another officer changed the document first; reload and try again."""


class AuthError(IcesError):
    """Login refused: wrong password, locked, or disabled."""


class PasswordChangeRequired(AuthError):
    """The password is right, but the system manager reset it: the officer chooses a new
    one before anything else (log in again giving ``new_password``)."""


class ExitCode(IntEnum):
    """What an ``ices`` command's exit status says (README: exit codes); ``--json`` output
    carries the same as ``kind`` in its error object."""

    DONE = 0
    CHECK_FAILED = 1  # a check ran and found something wrong (audit verify)
    USAGE = 2  # the command line itself is wrong (Click's usage errors)
    REFUSED = 3  # a rule refused the act, or another officer changed the document first
    BAD_INPUT = 4  # a field (or rows of a file) malformed or unknown: nothing changed
    NOT_FOUND_OR_NOT_PERMITTED = 5  # no such document; the officer may not act (role, login)
    INTERNAL = 70  # a fault of the console itself (EX_SOFTWARE): reported, nothing changed


def exit_code(err: IcesError) -> ExitCode:
    """The exit status of a refusal."""
    if isinstance(err, InvalidInput):
        return ExitCode.BAD_INPUT
    if isinstance(err, NotFound | NotPermitted | AuthError):
        return ExitCode.NOT_FOUND_OR_NOT_PERMITTED
    return ExitCode.REFUSED
