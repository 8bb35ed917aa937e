"""Run the analysts' command line: ``python -m core --help``."""

import sys

from core.cli.main import main

sys.exit(main())
