"""Haki: an offline-first worker-rights assistant for migrant workers."""

__version__ = "0.1.0"
