"""``python -m model cache ...``"""

import sys

from model.cli import main

sys.exit(main())
