"""``python -m casebook.site build [--incremental]``."""

import sys

from casebook.site.build import main

sys.exit(main())
