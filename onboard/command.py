"""The `onboard` command's entry point: Ctrl+C while the program is still loading ends it
quietly, as it does later."""

import sys


def main() -> int:
    """Load the command line and run it; „Abgebrochen.“ and exit code 1 on Ctrl+C while loading."""
    try:
        from onboard.cli import main as run_command_line
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 1
    return run_command_line()
