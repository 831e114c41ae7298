"""The desktop face of Onboard (PySide6): the only package that imports Qt."""
