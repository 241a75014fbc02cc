"""Loading a config tree: safe YAML with positions, schemas, normalisation, references."""
