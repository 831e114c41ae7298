"""Command-line parsing in German, for both faces: usage line, headings, help option, errors."""

import argparse
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

# argparse's own error messages (Python 3.11 to 3.13) and their German wording; a message
# that matches none is shown as it is (messages of our own types are German already).
_ERRORS = [
    (r"the following arguments are required: (.*)", "Es fehlt: {0}"),
    (r"argument (.*?): invalid int value: (.*)", "{0}: {1} ist keine ganze Zahl"),
    (r"argument (.*?): invalid float value: (.*)", "{0}: {1} ist keine Zahl"),
    (
        r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)",
        "{0}: {1} gibt es nicht (möglich: {2})",
    ),
    (r"argument (.*?): expected one argument", "{0}: Hier fehlt ein Wert"),
    (r"argument (.*?): expected at least one argument", "{0}: Hier fehlt mindestens ein Wert"),
    (r"argument (.*?): not allowed with argument (.*)", "{0} geht nicht zusammen mit {1}"),
    (r"argument (.*?): ignored explicit argument (.*)", "{0}: Der Wert {1} passt hier nicht"),
    (r"unrecognized arguments: (.*)", "Unbekannte Angaben: {0}"),
    (r"argument (.*?): (.*)", "{0}: {1}"),
]


def german_error(message: str) -> str:
    """argparse's English error message in German."""
    for pattern, wording in _ERRORS:
        match = re.fullmatch(pattern, message, flags=re.DOTALL)
        if match:
            return wording.format(*match.groups())
    return message


def count(text: str) -> int:
    """An option's value that counts something: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine ganze Zahl") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} ist zu klein (mindestens 1)")
    return value


def folder(text: str) -> str:
    """An option's value that names a folder: not empty (an empty variable in a script must
    not fall back to the user's own data folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("ein leerer Ordnername geht nicht")
    if os.path.exists(text) and not os.path.isdir(text):
        raise argparse.ArgumentTypeError(f"„{text}“ ist eine Datei, kein Ordner")
    return text


class GermanHelpFormatter(argparse.HelpFormatter):
    """The help text with a German usage line."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        """„Aufruf: …“ instead of „usage: …“."""
        super().add_usage(usage, actions, groups, "Aufruf: " if prefix is None else prefix)


class GermanArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose headings, help option and error messages are German; its
    subcommands' parsers are German too."""

    def __init__(self, *, add_help: bool = True, **kwargs: Any) -> None:
        """As ArgumentParser (keywords only); the help option is added in German."""
        kwargs.setdefault("formatter_class", GermanHelpFormatter)
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        self._given: list[str] = []
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help="diese Hilfe zeigen und beenden",
            )

    def error(self, message: str) -> NoReturn:
        """Usage and the German message on stderr, exit code 2."""
        self.print_usage(sys.stderr)
        hint = dash_name_hint(self._given)
        self.exit(2, f"{self.prog}: Fehler: {german_error(message)}{hint}\n")

    def parse_known_args(  # type: ignore[override]  # typeshed overloads the namespace type
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """As ArgumentParser; the arguments are kept for the error message."""
        self._given = [str(text) for text in (sys.argv[1:] if args is None else args)]
        return super().parse_known_args(args, namespace)


def dash_name_hint(arguments: list[str]) -> str:
    """A hint when an argument that looks like an option names an existing file or folder
    (a file called „-liste.md“); empty otherwise."""
    named = [
        text for text in arguments if text.startswith("-") and text != "-" and os.path.exists(text)
    ]
    if not named:
        return ""
    return (
        f"\n„{named[0]}“ ist eine Datei oder ein Ordner, sieht aber wie eine Option aus. "
        f"Bitte als „./{named[0]}“ angeben."
    )
