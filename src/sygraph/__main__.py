"""``python -m sygraph``: the same command line as ``sygraph`` (for environments where the
console script is not on PATH)."""
import sys

from .cli import main

if __name__ == "__main__":  # also imported, harmlessly, by pytest's doctest collection
    sys.exit(main())
