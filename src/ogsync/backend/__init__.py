"""The backend interface between the engine and an account."""
