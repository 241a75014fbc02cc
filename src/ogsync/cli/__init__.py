"""The click commands, one module each; errors become exit codes in cli.main."""
