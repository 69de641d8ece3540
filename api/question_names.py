"""The names a question asks about: every paper and concept it names, in the order named, read through the
graph's one name index (:mod:`kg.names`), and the words left over (a name the graph may lack).

Possessives and plurals (``GAN's``, ``GANs``) are read as the name; words that carry no name (``the
original``, ``reading``, ``paper``, question words: ``api.intents``' fillers) are left out; two names side
by side that read as one name with a slip are that name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import networkx as nx

from kg.descriptions import TEXT_WORD
from kg.lexicon import is_english_word, word_list
from kg.model import compact_key
from kg.names import NameIndex, name_index
from kg.names.rules import name_rules

from api.intents import load_rules, normalize_question

__all__ = ["LinkedName", "LinkedQuestion", "link_question", "looks_like_a_name", "people_in_paper_names"]

_WORD = TEXT_WORD
# what may stand between two words of one unknown name: a space, a hyphen ("multi-query"), and the "@" of a
# metric's name ("pass@k", "recall@10"), which no English sentence puts between two words
_RUN_JOINERS = " -@"
_POSSESSIVE = re.compile(r"(?<=[A-Za-z0-9])(?:['’]s|s['’])(?=\W|$)")


@dataclass(frozen=True)
class LinkedName:
    """A node named in the question: its id, the words as written and where (``start``/``end``)."""

    id: str
    text: str
    start: int
    end: int
    how: str  # exact, typo, plural, or described (a paper named by words of its title)

    def as_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "span": [self.start, self.end], "how": self.how}


@dataclass(frozen=True)
class LinkedQuestion:
    """The question with its names found, its left-over content words, and the masked forms."""

    question: str
    names: tuple[LinkedName, ...]
    #: runs of words that are neither a known name nor a filler: (text, start, end)
    leftovers: tuple[tuple[str, int, int], ...]
    masked: str           # the names replaced by X, normalized
    masked_unknown: str   # the names *and* the left-over runs replaced by X


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def link_question(G: nx.MultiDiGraph, question: str, people=()) -> LinkedQuestion:
    """The papers and concepts ``question`` names, in the order named, and what is left over. ``people``:
    spans ``(start, end)`` of people the question names (:func:`kg.people.find_people`), which name no node
    and are masked as the rules' person word ("what did person present").

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("gan", type="paper", name="GAN", aliases=["Generative Adversarial Network"])
    >>> G.add_node("vae", type="paper", name="VAE", aliases=[])
    >>> linked = link_question(G, "what did the original GANs change over VAE's?")
    >>> [(n.id, n.text, n.how) for n in linked.names], linked.masked
    ([('gan', 'GANs', 'plural'), ('vae', "VAE's", 'exact')], 'what did the original X change over X')
    """
    rules = load_rules()
    matcher = name_index(G)
    # possessives and plurals are blanked (offsets kept) so that the name itself is matched
    readable, suffix_at = question, set()
    for start, end in people:
        readable = _blank(readable, start, end)
    for match in _POSSESSIVE.finditer(question):
        readable = _blank(readable, match.start(), match.end())
        suffix_at.update(range(match.start(), match.end()))
    plural_at = set()
    for match in _WORD.finditer(readable):
        word = match.group(0)
        key = compact_key(word)
        if key in matcher.by_key:
            continue
        for suffix in word_list("plural_endings"):
            if key.endswith(suffix) and len(key) - len(suffix) >= 3 and key[:-len(suffix)] in matcher.by_key:
                readable = _blank(readable, match.end() - len(suffix), match.end())
                plural_at.update(range(match.end() - len(suffix), match.end()))
                break
    found: list[tuple[str, int, int, str]] = []  # (entity, start, end, how)
    for mention in matcher.find(readable):
        end = mention.end
        while end in suffix_at or end in plural_at:
            end += 1
        how = "exact" if mention.score >= 100 else "typo"
        if any(i in plural_at for i in range(mention.start, end + 1)):
            how = "plural"
        found.append((mention.entity, mention.start, end, how))
    # two names side by side that read as one name with a slip ("swin tranformer": Swin and Transformer
    # each matched) are that one name
    for i in range(len(found) - 1, 0, -1):
        (_, l_start, l_end, _), (_, r_start, r_end, _) = found[i - 1], found[i]
        if readable[l_end:r_start].strip(" -"):
            continue
        whole = matcher.match_name(readable[l_start:r_end])
        if whole is not None:
            found[i - 1:i + 1] = [(whole, l_start, r_end, "typo")]
    # a typo glued to an exact word ("swim transformer": "transformer" matched alone) is read whole
    # when the whole reads as one name
    for text, start, end in _leftover_runs(readable, [(s, e) for _, s, e, _ in found], rules):
        for i, (entity, m_start, m_end, how) in enumerate(found):
            touching = ((end <= m_start and not readable[end:m_start].strip(" -"))
                        or (m_end <= start and not readable[m_end:start].strip(" -")))
            if not touching:
                continue
            first, last = min(start, m_start), max(end, m_end)
            whole = matcher.match_name(readable[first:last])
            if whole is not None and whole != entity:
                found[i] = (whole, first, last, "typo")
                break
    # a short name with a slip ("resnt") is below the length looked for in running text: the words left
    # over are looked up as a typed name is
    for text, start, end in _leftover_runs(readable, [(s, e) for _, s, e, _ in found], rules):
        node = _slip_of_a_name(matcher, text)
        if node is not None:
            found.append((node, start, end, "typo"))
    found += _shared_word_names(matcher, readable, found, rules)
    found = [f for f in found if not _capitals_only_written_lower(G, f[0], question[f[1]:f[2]])]
    found.sort(key=lambda f: f[1])
    covered = [(start, end) for _, start, end, _ in found]
    names: list[LinkedName] = []
    seen = set()
    kept = []  # spans of the names kept: the masked question shows a dropped role or kind as its word
    for entity, start, end, how in found:
        if entity in seen:
            kept.append((start, end))
            continue
        if len(found) > 1 and rules.role_before is not None and rules.role_before.search(question[:start]):
            continue  # "use ResNet as a backbone": the backbone is ResNet's role, not a second subject
        if (len(found) > 1 and (how == "plural" or G.nodes[entity]["type"] == "concept")
                and rules.category_before is not None and rules.category_before.search(question[:start])):
            continue  # "which detectors use anchor boxes": the kind of answer asked for
        seen.add(entity)
        kept.append((start, end))
        names.append(LinkedName(entity, question[start:end], start, end, how))
    leftovers = _leftover_runs(readable, covered + list(people), rules)
    leftovers = [(question[s:e], s, e) for _, s, e in leftovers]
    person = [(start, end, rules.person_token) for start, end in people]
    masked = _mask(question, kept + person)
    # the second reading masks what may be an unknown name: every left-over run when nothing known is
    # named ("what is a capsule network"), else only the name-like ones ("... faster rcnn and DETR")
    unknown = [(s, e) for text, s, e in leftovers if not found or looks_like_a_name(text, s == 0)]
    masked_unknown = _mask(question, kept + unknown + person)
    return LinkedQuestion(question, tuple(names), tuple(leftovers), normalize_question(masked),
                          normalize_question(masked_unknown))


def people_in_paper_names(G: nx.MultiDiGraph, question: str, people: list) -> list:
    """Of the ``people`` found in ``question`` (spans with ``start``/``end``), those that are part of a paper's
    name there: "Luong attention" is a paper, not the person Luong, and so is the first of "Bahdanau and Luong
    attention" when "Bahdanau attention" is a known name (a list writing their shared word once).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("wren-a", type="paper", name="Wren attention", aliases=[])
    >>> G.add_node("lark-a", type="paper", name="Lark attention", aliases=[])
    >>> from types import SimpleNamespace as Span
    >>> found = [Span(start=7, end=11), Span(start=16, end=20)]
    >>> [(p.start, p.end) for p in people_in_paper_names(G, "how do Wren and Lark attention differ", found)]
    [(7, 11), (16, 20)]
    """
    if not people:
        return []
    index = name_index(G)  # the paper names written as they are, people not masked: no second full linking
    names = [(m.entity, m.start, m.end, "exact") for m in index.find(question, fuzzy=False)
             if G.nodes[m.entity]["type"] == "paper" and len(m.surface.split()) > 1]
    inside = [p for p in people if any(start <= p.start and p.end <= end and end - start > p.end - p.start
                                       for _, start, end, _ in names)]
    shared = {(start, end) for _, start, end, _ in _shared_word_names(index, question, names, load_rules())}
    return [p for p in people if p in inside or (p.start, p.end) in shared]


def _shared_word_names(index: NameIndex, readable: str, found: list, rules) -> list[tuple[str, int, int, str]]:
    """Names a list writes with a shared word once: "Bahdanau and Luong attention" names Bahdanau attention
    too, "MoCo v1 and v2" MoCo v2. Next to a name of two words or more, a word joined to it by a list's join
    (``shared_word_join``) that makes another known name exactly with the name's other words.

    >>> from kg.names.index import NameIndex
    >>> index = NameIndex({"wren-a": ["Wren attention"], "lark-a": ["Lark attention"], "heron-2": ["Heron v2"],
    ...                    "heron-1": ["Heron v1"]})
    >>> rules = load_rules()
    >>> _shared_word_names(index, "how do Wren and Lark attention differ", [("lark-a", 16, 30, "exact")], rules)
    [('wren-a', 7, 11, 'exact')]
    >>> _shared_word_names(index, "Heron v1 vs v2", [("heron-1", 0, 8, "exact")], rules)
    [('heron-2', 12, 14, 'exact')]
    """
    if rules.shared_word_join is None:
        return []
    taken = [(start, end) for _, start, end, _ in found]
    words = list(_WORD.finditer(readable))
    added = []
    for entity, start, end, _ in found:
        parts = readable[start:end].split()
        if len(parts) < 2:
            continue
        before = [w for w in words if w.end() <= start][-2:]
        after = [w for w in words if w.start() >= end][:2]
        for word, between, name in ([(w, readable[w.end():start], f"{w.group(0)} {' '.join(parts[1:])}")
                                     for w in reversed(before)]
                                    + [(w, readable[end:w.start()], f"{' '.join(parts[:-1])} {w.group(0)}")
                                       for w in after]):
            if not rules.shared_word_join.match(between) or any(s < word.end() and word.start() < e for s, e in taken):
                continue
            other = index.by_key.get(compact_key(name))
            if other is not None and other != entity:
                added.append((other, word.start(), word.end(), "exact"))
                taken.append((word.start(), word.end()))
                break
    return added


def _slip_of_a_name(index: NameIndex, text: str) -> str | None:
    """The paper or concept a left-over run of words is a slip of the keyboard for, else None.

    >>> index = NameIndex({"resnet": ["ResNet"], "cgan": ["cGAN"], "bert": ["BERT"]})
    >>> _slip_of_a_name(index, "resnt"), _slip_of_a_name(index, "DCGAN"), _slip_of_a_name(index, "beat")
    ('resnet', None, None)
    """
    found = index.lookup(text)
    return found.node if found is not None and found.how == "slip" else None


def _mask(question: str, spans) -> str:
    """The question with each span replaced by ``X`` (a name), or by the span's own token (a person)."""
    out, last = [], 0
    for span in sorted(spans):
        start, end = span[0], span[1]
        if start < last:
            continue
        out.append(question[last:start].replace("X", "x"))
        out.append(span[2] if len(span) > 2 else "X")
        last = end
    out.append(question[last:].replace("X", "x"))
    return "".join(out)


def _leftover_runs(question: str, covered, rules) -> list[tuple[str, int, int]]:
    """Runs of adjacent words that are neither inside a name nor fillers (a name the graph lacks?)."""
    runs: list[list[int]] = []
    previous_end = None
    for match in _WORD.finditer(question):
        start, end = match.start(), match.end()
        inside = any(s <= start and end <= e for s, e in covered)
        word = match.group(0)
        after_at = previous_end is not None and question[previous_end:start] == "@"  # the 5 of "recall@5"
        if inside or rules.is_filler(word) or (word.isdigit() and not after_at):
            previous_end = None
            continue
        if previous_end is not None and not question[previous_end:start].strip(_RUN_JOINERS):
            runs[-1][1] = end
        else:
            runs.append([start, end])
        previous_end = end
    return [(question[s:e], s, e) for s, e in runs]


def _capitals_only_written_lower(G: nx.MultiDiGraph, entity: str, surface: str) -> bool:
    """True when ``surface`` is a short name its node has only in capitals and that is an English word in lower
    case, written here not in capitals: "in" in "what did we read in January" is not "IN" (instance norm), as
    in the notes (``capitals_only_max_letters`` in kg/name_rules.yaml).

    >>> G = nx.MultiDiGraph(); G.add_node("instance-norm", type="concept", name="instance norm", aliases=["IN"])
    >>> _capitals_only_written_lower(G, "instance-norm", "in"), _capitals_only_written_lower(G, "instance-norm", "IN")
    (True, False)
    """
    if len(surface) > name_rules().capitals_only_max_letters or surface.isupper() or not surface.isalpha() \
            or not is_english_word(surface.lower()):
        return False
    data = G.nodes[entity]
    written = [data.get("name") or "", data.get("title") or "", *(data.get("aliases") or ())]
    same = [w for w in written if compact_key(w) == compact_key(surface)]
    return bool(same) and all(w.isupper() for w in same)


def looks_like_a_name(text: str, at_start: bool = False) -> bool:
    """Digits or capitals inside a word (``DCGAN``, ``V2``, ``YOLOv7``, ``StyleGAN``), or a capital
    letter not at the start of the question (``Mamba``): a name, not an ordinary word.

    >>> looks_like_a_name("V2"), looks_like_a_name("Mamba"), looks_like_a_name("Summarize", at_start=True)
    (True, True, False)
    """
    if any(c.isdigit() for c in text) or any(c.isupper() for w in text.split() for c in w[1:]):
        return True
    return not at_start and any(w[:1].isupper() for w in text.split())
