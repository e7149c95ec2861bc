"""One thin adapter per engine: it maps the engine's page to a ``PageContext`` and binds
the catalogue's macros to it. The core (everything else in ``macros/``) knows no engine."""
