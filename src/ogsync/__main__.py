"""`python -m ogsync`: the same as the `ogsync` console script."""

from ogsync.cli.main import entrypoint

entrypoint()
