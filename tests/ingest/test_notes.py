"""The notes parser: the seed's format, the variants other groups write, and bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.notes import LIMITS, collect_note_files, parse_paths, parse_text, read_note_file

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "notes" / "reading-group-notes.md"


def test_seed_notes_parse_into_24_sections_in_reading_order():
    corpus = parse_paths([SEED])
    titles = [s.title for s in corpus.sections]
    assert len(titles) == 24
    assert titles[:3] == ["AlexNet", "GoogLeNet", "ResNet"] and titles[-1] == "DDQN"
    assert [s.order for s in corpus.sections] == list(range(24))
    assert corpus.sections[0].year == 2012 and corpus.sections[15].year is None  # Transformer: no year


def test_seed_repairs_are_reported_as_warnings():
    corpus = parse_paths([SEED])
    messages = [w.message for w in corpus.warnings]
    assert any("discussion number 5 repeats" in m for m in messages)
    assert any("question number 8 repeats" in m for m in messages)
    stray = [w for w in corpus.warnings if "stray characters" in w.message]
    assert len(stray) == 1 and stray[0].source.line == 315
    yolact = next(s for s in corpus.sections if s.title == "YOLACT")
    protonet = next(n for n in yolact.notes if n.number == 7)
    assert protonet.question == "Protonet Architecture" and protonet.source.line == 315


def test_empty_answers_stay_empty_and_nothing_is_invented():
    corpus = parse_paths([SEED])
    alexnet = corpus.sections[0]
    assert [n.number for n in alexnet.notes] == [1, 2, 3, 4, 5]
    assert alexnet.notes[2].question == "" and alexnet.notes[2].answers == ()
    assert alexnet.notes[0].answers[0] == "GPU parallelization boosts CNN model performance."
    assert alexnet.notes[0].answer_lines == (3, 4, 5)


def test_unbulleted_answer_lines_are_kept_as_answers():
    yolov4 = next(s for s in parse_paths([SEED]).sections if s.title == "YOLOv4")
    assert yolov4.notes[0].answers[0].startswith("carefully slection detector")


@pytest.mark.parametrize("heading, title, year, discussion", [
    ("## Discussion 3 ResNet - 2015", "ResNet", 2015, 3),
    ("# ResNet (2015)", "ResNet", 2015, None),
    ("### ResNet — 2015", "ResNet", 2015, None),
    ("## ResNet", "ResNet", None, None),
    ("## Session 4: Batch Normalization, 2015", "Batch Normalization", 2015, 4),
    ("## Discussion 14 Transformer", "Transformer", None, 14),
    ("## Week 2 - YOLOv4 – 2020", "YOLOv4", 2020, 2),
])
def test_heading_variants(heading, title, year, discussion):
    sections, _ = parse_text(f"{heading}\n1. q\n- a\n", "notes.md")
    assert (sections[0].title, sections[0].year, sections[0].discussion) == (title, year, discussion)


def test_list_and_bullet_variants_crlf_and_bom():
    text = "\ufeff# GAN (2014)\r\n1) What?\r\n* minimax\r\n2. Why\r\n• because\r\n- and more\r\n3)\r\n"
    sections, _ = parse_text(text, "x.md")
    notes = sections[0].notes
    assert [(n.number, n.question, n.answers) for n in notes] == [
        (1, "What?", ("minimax",)), (2, "Why", ("because", "and more")), (3, "", ())]


def test_document_title_above_paper_headings_is_not_a_paper():
    sections, _ = parse_text("# Our notes\n\n## ResNet\n1. a\n- b\n## DenseNet\n1. c\n", "x.md")
    assert [s.title for s in sections] == ["ResNet", "DenseNet"]


def test_line_numbers_point_at_the_source():
    sections, _ = parse_text("## A - 2012\n\n1. first\n- x\n\n2. second\n", "x.md")
    assert [n.source.line for n in sections[0].notes] == [3, 6]
    assert sections[0].source.line == 1


@pytest.mark.parametrize("text, fragment, line", [
    ("", "empty", None),
    ("   \n\n", "empty", None),
    ("just some text\nno headings\n", "no paper heading", None),
    ("## \n1. q\n", "no title", 1),
    ("## Discussion 3\n1. q\n", "no title", 1),
    ("## Discussion 3 - 2015\n1. q\n", "no title", 1),
    (f"## Future paper - {dt.date.today().year + 1}\n1. q\n", "in the future", 1),
    ("## Ancient paper (1850)\n1. q\n", "implausible", 1),
    ("## A\n1. " + "x" * (LIMITS["max_line_chars"] + 1) + "\n", "characters long", 2),
])
def test_bad_text_raises_ingest_error_with_file_and_line(text, fragment, line):
    with pytest.raises(IngestError) as caught:
        parse_text(text, "bad.md")
    error = caught.value
    assert fragment in str(error) and error.file == "bad.md" and error.line == line
    assert "\n" not in str(error) and str(error).startswith("bad.md")


@pytest.mark.parametrize("name, text, line", [
    (f"Heron {dt.date.today().year + 3}.md", "- a note\n", 1),                            # the file name
    ("heron.md", f"---\ntype: paper\ntitle: Heron ({dt.date.today().year + 3})\n---\n- a note\n", 3),
])
def test_a_future_year_in_a_page_name_or_title_is_the_same_error_as_in_a_heading(name, text, line):
    with pytest.raises(IngestError) as caught:
        parse_text(text, name)
    assert "in the future" in str(caught.value) and caught.value.file == name and caught.value.line == line


def test_binary_non_utf8_and_huge_files(tmp_path):
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"## A\n\x00\x01\x02")
    latin = tmp_path / "latin.md"
    latin.write_bytes(b"## A\n1. caf\xe9\n")
    neither = tmp_path / "neither.md"
    neither.write_bytes(b"## A\n1. caf\xe9\n2. \x81\n")
    utf16 = tmp_path / "utf16.md"
    utf16.write_bytes("## A\n1. café\n".encode("utf-16"))
    huge = tmp_path / "huge.md"
    huge.write_bytes(b"## A\n" + b"1. q\n" * (LIMITS["max_file_bytes"] // 5 + 1))
    with pytest.raises(IngestError, match="binary"):
        read_note_file(binary)
    assert read_note_file(latin)[::2] == ("## A\n1. café\n", "Latin-1 (Windows-1252)")
    assert read_note_file(utf16)[::2] == ("## A\n1. café\n", "UTF-16 (byte-order mark)")
    with pytest.raises(IngestError, match="not UTF-8") as caught:
        read_note_file(neither)
    assert caught.value.line == 2
    with pytest.raises(IngestError, match="bytes"):
        read_note_file(huge)


def test_paths_that_do_not_exist_or_hold_no_notes(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        collect_note_files([tmp_path / "missing"])
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "image.png").write_bytes(b"\x89PNG")
    with pytest.raises(IngestError, match="holds no notes"):
        collect_note_files([tmp_path / "empty"])


def test_symlink_outside_the_folder_is_refused_and_folder_named_like_a_file_is_skipped(tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("## A\n1. q\n")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "real.md").write_text("## B\n1. q\n")
    (notes / "folder.md").mkdir()
    assert [p.name for p in collect_note_files([notes])] == ["real.md"]
    (notes / "link.md").symlink_to(outside)
    with pytest.raises(IngestError, match="outside the notes folder"):
        collect_note_files([notes])


def test_thousands_of_papers_in_one_file_parse():
    text = "".join(f"## Paper {i} - 2020\n1. q{i}\n- a{i}\n" for i in range(3000))
    sections, _ = parse_text(text, "many.md")
    assert len(sections) == 3000 and sections[-1].notes[0].answers == ("a2999",)


def test_the_authors_a_section_states_win_over_its_headings_short_form_unless_a_placeholder():
    def authors(text):
        return parse_text(text, "n.md")[0][0].authors

    heading = "## Heron Net (Brandt et al.) - 2018\n"
    assert authors(heading + "Authors: Mo Brandt, Ed Lark\n1. What?\n- x\n") == ("Mo Brandt", "Ed Lark")
    assert authors(heading + "Authors: TBD\n1. What?\n- x\n") == ("Brandt",)
    assert authors(heading + "Authors: ?\n1. What?\n- x\n") == ("Brandt",)
    assert authors(heading + "Authors: N/A\n1. What?\n- x\n") == ("Brandt",)
    assert authors(heading + "Authors: Na, Kim\n1. What?\n- x\n") == ("Na", "Kim")  # a name, not a placeholder
    assert authors(heading + "1. What?\n- x\n") == ("Brandt",)
