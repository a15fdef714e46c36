"""`python -m desktop`: the same program as the `gloss` console script."""

from desktop.cli import main

raise SystemExit(main())
