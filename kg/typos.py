"""Where the slip-of-the-keyboard rules used to live: they are :mod:`kg.names.slips` now (kept for old imports)."""

from kg.names import NameRules, name_rules, name_slip_edits, name_words, slip_edits

__all__ = ["NameRules", "name_rules", "typo_edits", "name_typo_edits", "name_words"]

#: the old names of :func:`kg.names.slip_edits` and :func:`kg.names.name_slip_edits`
typo_edits = slip_edits
name_typo_edits = name_slip_edits
