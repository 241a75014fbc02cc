"""A faithful local Opsgenie: store, routes, faults, httpx transport and HTTP server."""
