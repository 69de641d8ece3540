"""Plain Markdown notes take their block structure from a CommonMark parser (issue 23): code, HTML,
tables, quotes and underlined headings are what a Markdown viewer shows, not what a line looks like.

Each case below was read wrongly by the line shapes alone (a code comment read as a paper heading,
a fence of four backticks closed by three, a multi-line comment read as notes, ...); the notes
are invented, in the layouts groups write.
"""

from __future__ import annotations

from pathlib import Path


from ingest.front_matter import FrontMatter, read_front_matter
from ingest.line_kinds import classify_lines
from ingest.notes import parse_file, parse_text, read_page_lines

ROOT = Path(__file__).resolve().parents[2]
NOTES_FILES = sorted(p for folder in ("data/notes", "tests/data", "bench/eval") for p in (ROOT / folder).rglob("*.md"))


def _notes(section):
    return [(n.question, n.answers) for n in section.notes]


def test_a_heading_inside_a_code_block_is_code_not_a_paper():
    text = ("## Discussion 1 Wren - 2019\n"
            "1. How is the loss written?\n"
            "```python\n"
            "# Discussion 2 Heron - 2020\n"
            "loss = wren(x)  # Q: is this right?\n"
            "```\n"
            "2. Does it scale?\n"
            "- yes\n")
    sections, _ = parse_text(text, "w.md")
    assert [s.title for s in sections] == ["Wren"]
    first = sections[0].notes[0]
    assert first.question == "How is the loss written?"
    assert "# Discussion 2 Heron - 2020" in "\n".join(first.answers)  # kept as written, in its note
    assert [n.number for n in sections[0].notes] == [1, 2]


def test_a_longer_fence_is_closed_only_by_a_fence_as_long():
    text = ("## Lark (2021)\n"
            "- how we wrote the notes file:\n"
            "\n"
            "````markdown\n"
            "```\n"
            "## Quillnorm (2022)\n"
            "```\n"
            "````\n"
            "- then it worked\n")
    sections, _ = parse_text(text, "l.md")
    assert [s.title for s in sections] == ["Lark"]
    assert sections[0].notes[-1].question == "then it worked"


def test_three_backticks_inside_a_sentence_open_no_code_block():
    text = "## Gullnet (2020)\n```x``` is the call\n\n## Tidal (2021)\n- a note\n"
    sections, _ = parse_text(text, "g.md")
    assert [s.title for s in sections] == ["Gullnet", "Tidal"]
    assert _notes(sections[0]) == [("", ("```x``` is the call",))]


def test_an_html_comment_over_several_lines_is_not_read():
    text = "## Heron (2020)\n<!--\nQ: draft question\nA: draft answer\n-->\n- the real note\n"
    parsed = parse_file(text, "h.md")
    assert _notes(parsed.sections[0]) == [("the real note", ())]
    assert parsed.report.line_uses[1:5] == ("blank",) * 4


def test_an_underlined_title_is_a_heading():
    text = "Wren (2019)\n===========\n1. Why?\n- depth\n\nHeron - 2020\n------------\n1. How?\n- width\n"
    sections, _ = parse_text(text, "notes.md")
    assert [(s.title, s.year) for s in sections] == [("Wren", 2019), ("Heron", 2020)]
    assert _notes(sections[1]) == [("How?", ("width",))]


def test_an_empty_answer_under_a_question_is_no_heading():
    lines = ["## Tidal (2021)", "1. Why?", "    -", "2. How?", "- fast", "Free discussion", "-"]
    kinds = [k.kind for k in classify_lines(lines)]
    assert kinds[1:] == ["question", "bullet", "question", "bullet", "text", "bullet"]
    sections, _ = parse_text("\n".join(lines), "t.md")
    assert [n.question for n in sections[0].notes][:2] == ["Why?", "How?"]


def test_quotes_and_callouts_are_note_text_without_their_marks():
    text = "## Quillnorm (2022)\n> [!tip] why it works\n> 1. Why normalise?\n>    - stability\n"
    sections, _ = parse_text(text, "q.md")
    assert _notes(sections[0]) == [("", ("why it works",)), ("Why normalise?", ("stability",))]


def test_a_tables_delimiter_row_is_not_note_text():
    text = "## Lark (2021)\n- results:\n\n| model | acc |\n| --- | --- |\n| Lark | 91 |\n"
    parsed = parse_file(text, "l.md")
    words = "\n".join(a for n in parsed.sections[0].notes for a in (n.question, *n.answers))
    assert "| Lark | 91 |" in words and "---" not in words
    assert parsed.report.line_uses[4] == "blank"


def test_an_app_page_is_read_the_same_way():
    lines = ["- setup", "  ```", "  # Heron", "  ```", "- result"]
    section = read_page_lines(lines, "w.md", "Wren", FrontMatter()).sections[0]
    assert [n.question.split("\n")[0] for n in section.notes] == ["setup", "result"]
    assert "  # Heron" in section.notes[0].question.split("\n")  # the code, as written, in its bullet


def test_front_matter_is_no_underlined_heading():
    text = "---\ntitle: Wren\nyear: 2019\n---\n- a note\n"
    parsed = parse_file(text, "Wren.md")
    assert [(s.title, s.year) for s in parsed.sections] == [("Wren", 2019)]
    assert _notes(parsed.sections[0]) == [("a note", ())]


def test_skipping_the_parse_where_no_line_could_open_a_block_changes_nothing():
    differ = []
    for path in NOTES_FILES:
        lines = path.read_text(encoding="utf-8", errors="replace").lstrip("\ufeff").splitlines()
        start = read_front_matter(lines).lines
        if classify_lines(lines, start) != classify_lines(lines, start, always_parse=True):
            differ.append(str(path.relative_to(ROOT)))
    assert len(NOTES_FILES) > 400 and differ == []
