"""TRD Hub production tooling: commands contributors and CI run (``python -m tools.<name>``)."""
