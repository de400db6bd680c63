"""``python -m reviews.matching``: see :mod:`reviews.matching.cli`."""

import sys

from .cli import main

sys.exit(main())
