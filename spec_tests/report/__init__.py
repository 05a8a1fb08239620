"""The conformance table and the page as living documentation.

``python -m spec_tests.report RESULT.json|DIR... --markdown docs/conformance.md --html
docs/conformance.html --spec docs/spec.md [--check]``

* :mod:`.results` reads the result files the suite writes (``pytest --spec-report=PATH``);
* :mod:`.table` merges them into statement rows and implementation columns, each column judged
  against one page version; :mod:`.common` holds the verdict rules and the shared wording;
* :mod:`.markdown` renders the summary and compact tables, :mod:`.htmlpage` the HTML (the dense
  matrix), :mod:`.htmlstatement` its annotated page and per-cell details, :mod:`.divergences`
  the known divergences;
* :mod:`.pagewalk` walks the page's source with the statements quoting each block, for
  :mod:`.specdoc` (``docs/spec.md``) and the annotated page; :mod:`.collect` finds the tests;
* :mod:`.browser` opens the HTML in headless Chromium (the browser test, the screenshot);
* :mod:`.cli` is the command line.
"""
