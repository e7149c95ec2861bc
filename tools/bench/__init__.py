"""`make bench`: is TRD Hub fast on a slow phone, and fast to build? (issue 7)

Prints one table and writes artifacts/bench.json (Lighthouse reports go to
artifacts/lighthouse/). Exits 1 when a budget in macros/data/budgets.yml is missed.

What it does, all on 127.0.0.1 and on a snapshot of the project taken at the start
(pages being edited while it runs do not mix into one set of figures):

1. Build (``builds``): the strict build, timed 5 times (median); then a scale test
   (``scale``), the snapshot plus 100, 500 and 1000 generated pages (all in the nav,
   20 to a section), with the first view before search and the first search at each size.
2. Bytes from the built files (``tools.weight``; deterministic, the same figures
   tests/site/test_budgets.py checks): every page's first view and repeat view, and the
   search index.
3. Bytes as Chromium loads them (``loads``, through Playwright; bodies counted by the local
   server in ``server``, which gzips text and sends cache headers like GitHub Pages):
   first and repeat view of the Lighthouse pages.
4. Search in Chromium (``search``): the hit rate of the reader queries
   (tests/browser/search_queries.yml), the bytes of a first view before search and of the
   first search, and the time from the first key press to the first results at 4x CPU
   slowdown, with search loading on open (as shipped) and at start-up (Material's default).
5. Lighthouse (``lighthouse``; npm, pinned in package-lock.json; installed here with `npm ci`
   if missing), default mobile config, against Debian's chromium. Nothing downloads a browser.
6. Live preview (``live_preview``): `mkdocs serve` on a copy, a page edited, the page polled
   until the edit shows.

``report`` turns the figures into the table and the list of missed budgets; ``__main__``
runs the steps in order.

    python -m tools.bench [--quick] [--lighthouse-runs N] [--skip lighthouse,scale,preview,chromium,search]
"""
