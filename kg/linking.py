"""Where the notes' name matcher used to live: it is :class:`kg.names.NameIndex` now (kept for old imports)."""

from kg.names import Mention, NameIndex, is_acronym

__all__ = ["Mention", "EntityMatcher", "is_acronym"]

#: the old name of :class:`kg.names.NameIndex`
EntityMatcher = NameIndex
