"""``python -m model cache ...``: the model's command line (see :mod:`model.cli`)."""

import sys

from model.cli import main

if __name__ == "__main__":
    sys.exit(main())
