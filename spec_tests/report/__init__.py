"""The conformance table and the page as living documentation.

``python -m spec_tests.report RESULT.json|DIR... --markdown docs/conformance.md --html
docs/conformance.html --spec docs/spec.md [--check]``

* :mod:`.results` reads the result files the suite writes (``pytest --spec-report=PATH``);
* :mod:`.table` merges them into statement rows and implementation columns;
* :mod:`.markdown` and :mod:`.htmlpage` render the table; :mod:`.specdoc` renders the page with the
  tests under each sentence, from :mod:`.collect`;
* :mod:`.cli` is the command line.
"""
