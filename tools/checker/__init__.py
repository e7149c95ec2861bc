"""TRD Hub content checker: ``python -m tools.checker`` (run by ``make check`` and ``make test``).

One rule per small function, each with an id (FM001, LANG001, ...) and a docstring
saying why it matters; ``python -m tools.checker --rules`` prints them all. Words to
avoid live in ``language.yml``, not in code. A line can opt out of one rule with a
reasoned comment: ``<!-- allow LANG001 shock-therapy: explaining the lay term -->``.
"""
