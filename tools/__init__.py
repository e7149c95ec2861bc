"""TRD Hub's production tooling: what `make check`, `make test`, `make report` and
`make bench` run. Tests for it live in tests/tools/, mirroring this package.

- ``checker/``: the contributor content checker (``python -m tools.checker``).
- ``site.py``: the strict build, a local server and project copies, shared by all.
- ``prose.py`` and ``report.py``: reading level and citations (``python -m tools.report``).
- ``linkcheck.py``: LinkChecker over the built site (``python -m tools.linkcheck``).
- ``budgets.py``: the performance budgets (from macros/data/budgets.yml) and the page weigher.
- ``bench/``: `make bench`, the build, size and Lighthouse figures (``python -m tools.bench``).
- ``chromium.py``: where Debian's Chromium is and the flags every headless run uses.
"""
