"""`onboard --selftest`: check an installation or bundle and print one JSON line."""

import argparse
import json
from typing import Any

from onboard.core import paths
from onboard.core.selftest import run_selftest


def add_options(parser: argparse.ArgumentParser) -> None:
    """The top-level --selftest options."""
    parser.add_argument(
        "--selftest",
        action="store_true",
        help="Selbsttest: Demo importieren, suchen, antworten; eine JSON-Zeile (Exit-Code 0/1)",
    )
    parser.add_argument(
        "--selftest-no-model",
        action="store_true",
        help="Selbsttest ohne Sprachmodell (Antwort aus Auszügen)",
    )


def run(args: argparse.Namespace) -> int:
    """Run the self-test in a temporary data folder; models are looked up as for --home."""
    try:
        report = run_selftest(
            embedder=None if args.embedder == "none" else args.embedder,
            use_model=not args.selftest_no_model,
            model_home=None if args.selftest_no_model else paths.resolve_home(args.home),
        )
    except Exception as error:  # the one JSON line must come even for an unforeseen failure
        report = {"ok": False, "error": f"Selbsttest abgebrochen: {error or type(error).__name__}"}
    print(json.dumps(_plain(report), ensure_ascii=False), flush=True)
    return 0 if report.get("ok") else 1


def _plain(report: dict[str, Any]) -> dict[str, Any]:
    """The report with ok first and error second, for people reading the line."""
    head: dict[str, Any] = {key: report[key] for key in ("ok", "error") if key in report}
    return {**head, **report}
