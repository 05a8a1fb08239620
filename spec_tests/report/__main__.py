import sys

from spec_tests.report.cli import main

sys.exit(main())
