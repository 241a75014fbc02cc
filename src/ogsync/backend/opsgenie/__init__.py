"""The Opsgenie REST API client (httpx): retries, rate limit, envelopes, errors."""

from ogsync.backend.opsgenie.account import (
    EU_API_URL,
    SANDBOX_API_URL,
    US_API_URL,
    Account,
    AccountOptions,
    normalise_api_url,
    open_client,
    resolve_account,
)
from ogsync.backend.opsgenie.client import DEFAULT_MAX_RPS, OpsgenieClient, quote
from ogsync.backend.opsgenie.ratelimit import RateLimiter

__all__ = [
    "DEFAULT_MAX_RPS",
    "EU_API_URL",
    "SANDBOX_API_URL",
    "US_API_URL",
    "Account",
    "AccountOptions",
    "OpsgenieClient",
    "RateLimiter",
    "normalise_api_url",
    "open_client",
    "quote",
    "resolve_account",
]
