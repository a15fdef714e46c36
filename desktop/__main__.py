"""`python -m desktop`: the same program as the `gloss` console script."""

from desktop.cli import main

if __name__ == "__main__":  # guarded: the entity extractor's helper process re-imports this module
    raise SystemExit(main())
