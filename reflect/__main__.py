"""Allow ``python -m reflect``."""

from reflect.cli import main

raise SystemExit(main())
