"""Readers of notes kept outside Markdown files: one module per notes app or file format."""

__all__ = ["office"]
