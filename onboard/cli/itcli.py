"""onboard it-config: show the central IT configuration (onboard.ini) in effect."""

import argparse
import json
from typing import Any

from onboard.core.itconfig import KEYS, ITConfig, candidates, load_it_config

INI_KEYS = {name: key for key, name in reversed(KEYS.items())}


def register(commands: Any) -> None:
    """Add it-config to the parser."""
    command = commands.add_parser(
        "it-config", help="Zentrale Einstellungen der IT (onboard.ini) anzeigen"
    )
    command.add_argument("--json", action="store_true", help="als JSON ausgeben")
    command.set_defaults(handler=_cmd_it_config)


def as_dict(it_config: ITConfig) -> dict[str, Any]:
    """The configuration as JSON-ready data with the ini file's German keys."""
    return {
        "source": str(it_config.source) if it_config.source else None,
        "searched": [str(path) for path in candidates()],
        "values": {
            "wissensdatenbank": str(it_config.home) if it_config.home else None,
            "modell": it_config.model,
            "threads": it_config.threads,
            "redaktion": it_config.editor_enabled,
            "schreibgeschuetzt": it_config.read_only,
        },
        "fixed": sorted(INI_KEYS[name] for name in it_config.fixed),
        "warnings": list(it_config.warnings),
    }


def _yes_no(value: bool) -> str:
    """ja or nein."""
    return "ja" if value else "nein"


def _line(label: str, value: object, fixed: bool) -> str:
    """One setting: its value and whether IT fixes it."""
    shown = value if fixed else "nicht festgelegt"
    return f"{label:<20} {shown}"


def _text(it_config: ITConfig) -> list[str]:
    """The configuration as German lines."""
    if it_config.source is None:
        lines = ["Keine IT-Konfiguration gefunden (onboard.ini). Gesucht in dieser Reihenfolge:"]
        lines += [f"  {number}. {path}" for number, path in enumerate(candidates(), 1)]
    else:
        lines = [f"IT-Konfiguration: {it_config.source}", ""]
        fixes = it_config.fixes
        lines += [
            _line("Wissensdatenbank:", it_config.home, fixes("home")),
            _line("Sprachmodell:", it_config.model, fixes("model")),
            _line("Rechenkerne:", it_config.threads, fixes("threads")),
            _line("Redaktion:", _yes_no(it_config.editor_enabled), fixes("editor_enabled")),
            _line("Schreibgeschützt:", _yes_no(it_config.read_only), fixes("read_only")),
        ]
    if it_config.warnings:
        lines += ["", "Warnungen:"]
        lines += [f"  ! {warning}" for warning in it_config.warnings]
    return lines


def _cmd_it_config(args: argparse.Namespace) -> int:
    """onboard it-config [--json]"""
    it_config = load_it_config()
    if args.json:
        print(json.dumps(as_dict(it_config), ensure_ascii=False, indent=2))
    else:
        print("\n".join(_text(it_config)))
    return 0
