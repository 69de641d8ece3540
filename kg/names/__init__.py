"""Names: the one index of every name a node answers to, and the one policy for slips of the keyboard.

``NameIndex`` looks up a name (exactly, or as a slip of exactly one known name) and finds names in
running text; ``slip_edits`` says whether a written word is a known word with slips; every threshold is
in ``kg/name_rules.yaml``, measured by ``bench/name_slips.py``.
"""

from kg.names.index import Mention, NameIndex, NameMatch, graph_names, name_index, node_names
from kg.names.rules import NameRules, name_rules
from kg.names.slips import (abbreviates_title, capitals_of, expansions, initialisms, is_acronym, is_plural_of,
                            is_typed_acronym, name_slip_edits, name_words, slip_edits)

__all__ = ["NameIndex", "NameMatch", "Mention", "name_index", "graph_names", "node_names", "NameRules", "name_rules",
           "slip_edits", "name_slip_edits", "name_words", "is_acronym", "is_typed_acronym", "is_plural_of",
           "initialisms", "expansions", "abbreviates_title", "capitals_of"]
