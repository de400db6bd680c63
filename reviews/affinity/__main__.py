"""``python -m reviews.affinity``: see :mod:`reviews.affinity.cli`."""

import sys

from .cli import main

sys.exit(main())
