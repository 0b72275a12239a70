"""Build benchmarks: synthetic catalogs, our build against a plain Material build and a Jinja2 floor.

Run with ``python -m benchmarks.run`` (see ``benchmarks/run.py``); nothing here is collected by
pytest, whose test paths are ``tests/`` only.
"""
