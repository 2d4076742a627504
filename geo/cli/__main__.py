"""``python -m geo.cli``: the same as the ``vmgeo`` command."""

import sys

from ._main import main

sys.exit(main())
