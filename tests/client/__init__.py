"""Tests of the Opsgenie client and the account options."""
