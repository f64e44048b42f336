"""Run every benchmark, or the ones named: `python -m bench [name ...]`."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ["floors", "mail_import", "agenda", "calendar", "report", "api", "check_in"]


def main(names: list[str]) -> None:
    for name in names or BENCHMARKS:
        module = importlib.import_module(f"bench.{name}")
        print(f"\n## {name}: {module.__doc__.strip().splitlines()[0]}\n")
        module.main()


if __name__ == "__main__":
    main(sys.argv[1:])
