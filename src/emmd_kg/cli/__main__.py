"""``python -m emmd_kg.cli``: the ``emmd-kg`` command."""

from . import main

if __name__ == "__main__":
    main()
