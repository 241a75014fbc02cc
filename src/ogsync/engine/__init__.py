"""Generic engine: reading live state, canonical diff, the Plan model, ordering, apply."""
