"""One module per resource kind: schema, endpoints, canonical form, dependencies."""
