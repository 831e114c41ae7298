"""The command line face of Onboard (German help texts), a thin layer over the core."""

import argparse
import sqlite3
import sys
from collections.abc import Sequence

from onboard.cli import assistant, backups, benchmarks, editing, itcli, library, packs
from onboard.core.collections import CollectionError
from onboard.core.command_line import GermanArgumentParser, folder
from onboard.core.embedders import DEFAULT_EMBEDDER, EMBEDDERS
from onboard.core.evaluation import BenchmarkError
from onboard.core.fulltext import FullTextBusyError
from onboard.core.fulltext_files import FullTextDamagedError
from onboard.core.llm import ModelError
from onboard.core.priority import give_way_to_interactive_work
from onboard.core.storage_errors import storage_problem
from onboard.core.store import ReadOnlyError, StoreDamagedError

# Errors whose message is German and meant for the user.
GERMAN_ERRORS = (
    ReadOnlyError,
    BenchmarkError,
    CollectionError,
    FullTextBusyError,
    FullTextDamagedError,
    ModelError,
    StoreDamagedError,
)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `onboard` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.selftest:
        from onboard.cli.selftest import run as run_selftest

        return run_selftest(args)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    if getattr(args, "bulk", False):  # set by commands that import or embed
        give_way_to_interactive_work()
    try:
        return int(args.handler(args))
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:  # Ctrl+C before an operation could take it as a cancel
        print("Abgebrochen.", file=sys.stderr)
        return 1
    except GERMAN_ERRORS as error:
        print(f"Fehler: {error}", file=sys.stderr)  # German messages
        return 1
    except (sqlite3.DatabaseError, OSError) as error:  # disk full, busy, damaged, no access
        print(f"Fehler: {storage_problem(error)}", file=sys.stderr)
        return 1


def build_parser() -> argparse.ArgumentParser:
    """All commands and options."""
    parser = GermanArgumentParser(
        prog="onboard",
        description="Onboard – Wissensdatenbank für die Einarbeitung, komplett offline.",
    )
    parser.add_argument(
        "--home",
        type=folder,
        help="Datenordner der Wissensdatenbank (sonst $ONBOARD_HOME oder Standard)",
    )
    parser.add_argument(
        "--embedder",
        choices=[*sorted(EMBEDDERS), "none"],
        default=DEFAULT_EMBEDDER,
        help="Einbettungsmodell für die Vektorsuche (Standard: %(default)s)",
    )
    from onboard.cli.selftest import add_options as add_selftest_options

    add_selftest_options(parser)
    commands = parser.add_subparsers(title="Befehle", metavar="BEFEHL")
    library.register(commands)
    editing.register(commands)
    assistant.register(commands)
    benchmarks.register(commands)
    packs.register(commands)
    itcli.register(commands)
    backups.register(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
