"""credcat: an open, quality-scored catalog of educator micro-credentials.

The engine (loading, validation, model, scoring, pages, exports) never imports MkDocs; ``plugin`` is the
only module that does, so the engine can be tested fast and moved to another site generator.
"""

__version__ = "0.1.0"
