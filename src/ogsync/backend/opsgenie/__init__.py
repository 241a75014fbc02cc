"""The Opsgenie REST API client (httpx): retries, rate limit, envelopes, errors."""
