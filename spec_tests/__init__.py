"""pip-cache-spec's conformance suite: pip's documentation page 'Caching' as pytest tests.

Run it with ``pytest --pyargs spec_tests --impl=model|pip|package.module:factory``.
"""
