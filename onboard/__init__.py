"""Onboard: an offline onboarding knowledge base for public administrations."""

__version__ = "0.1.0"
