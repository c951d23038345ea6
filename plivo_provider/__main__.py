"""``python -m plivo_provider``: see :mod:`plivo_provider.cli`."""

from plivo_provider.cli import main

raise SystemExit(main())
