"""Run the analysts' command line: ``python -m core --help``."""

import sys

from core.cli import main

sys.exit(main())
