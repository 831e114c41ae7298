"""The desktop face of Onboard (PySide6): the only package that imports Qt."""

from onboard.gui.qtfix import PINNED  # first: keeps None/True alive under PySide6 6.12

__all__ = ["PINNED"]
