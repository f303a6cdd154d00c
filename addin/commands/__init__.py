"""One module per CLI command group; each defines ``register(subparsers)``.

A module here owns the argument parsing and the glue for its command; the work itself lives
in ``b24sync``, ``metrics`` and ``workbook_templates``.
"""
