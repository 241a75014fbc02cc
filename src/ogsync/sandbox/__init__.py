"""A faithful local Opsgenie: store, routes, faults, httpx transport and HTTP server."""

from ogsync.sandbox.core import ACCOUNT_LOCALE, ACCOUNT_NAME, ACCOUNT_TIMEZONE, Sandbox
from ogsync.sandbox.faults import ENV_VAR, Faults, FaultSpecError
from ogsync.sandbox.server import SandboxServer
from ogsync.sandbox.transport import SandboxTransport

__all__ = [
    "ACCOUNT_LOCALE",
    "ACCOUNT_NAME",
    "ACCOUNT_TIMEZONE",
    "ENV_VAR",
    "FaultSpecError",
    "Faults",
    "Sandbox",
    "SandboxServer",
    "SandboxTransport",
]
