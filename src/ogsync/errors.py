"""The one error hierarchy of ogsync; the CLI maps these classes to exit codes in one place."""

from __future__ import annotations

EXIT_OK = 0
EXIT_USER = 1
EXIT_CHANGES = 2
EXIT_BUG = 3


class OgsyncError(Exception):
    """Anything the user must act on: invalid config, API error, stale plan (exit 1)."""

    exit_code = EXIT_USER


class ConfigError(OgsyncError):
    """The config tree cannot be used; carries every diagnostic found."""

    def __init__(self, message: str, diagnostics: list[object] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


class ApiError(OgsyncError):
    """Opsgenie (or the sandbox) answered with an error, or could not be reached."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        request_id: str | None = None,
        errors: dict[str, str] | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.request_id = request_id
        self.errors = errors or {}
        self.method = method
        self.path = path

    def __str__(self) -> str:
        where = f"{self.method} {self.path}: " if self.method and self.path else ""
        status = f"HTTP {self.status}: " if self.status is not None else ""
        pairs = (f"{k}: {v}" for k, v in sorted(self.errors.items()))
        fields = "".join(f"; {pair}" for pair in pairs if pair not in self.message)
        rid = f" (requestId {self.request_id})" if self.request_id else ""
        return f"{where}{status}{self.message}{fields}{rid}"


class NotFoundError(ApiError):
    """404: the identifier names nothing."""


class ConflictError(ApiError):
    """409: a name that must be unique is taken."""


class LostCreateError(ApiError):
    """A create was sent but its response never arrived: look the object up before re-sending."""


class AuthError(ApiError):
    """401/403: the API key is missing, wrong or lacks rights."""


class StalePlanError(OgsyncError):
    """A saved plan no longer matches the live account."""


class SafetyLimitError(OgsyncError):
    """An apply would change more of a kind than the safety limits allow."""


class ApplyFailedError(OgsyncError):
    """Some changes of an apply failed; the report says which."""


class NoTerminalError(OgsyncError):
    """A prompt was needed but there is no terminal to ask on."""


class UnprocessableError(ApiError):
    """422: the request was understood but a field is invalid; `errors` maps fields to reasons."""


class PreconditionRequiredError(ApiError):
    """428: the object is still used by another one (a team by its schedule or escalation)."""


class RateLimitedError(ApiError):
    """429 on every attempt: the account's rate limit was never lifted in time."""


class ServerError(ApiError):
    """5xx on every attempt: Opsgenie failed to handle the request."""


class UnreachableError(ApiError):
    """No HTTP answer at all: the host could not be reached or the connection dropped."""


class ApiTimeoutError(UnreachableError):
    """The API did not answer within the client's timeout on any attempt."""


class AccountError(OgsyncError):
    """The account to talk to cannot be determined: no key, a bad URL or region."""
