"""The app-folder scorer (bench/apps_quality.py) reads a day a gold expects in any spelling of that day."""

from bench.apps_quality import _says, day_spellings


def test_a_day_written_short_is_right_in_an_answer_that_spells_the_month_out():
    text = "quill (2016) was presented by lee marsh, at the meeting of march 29, 2024."
    assert any(_says(text, s, True) for s in day_spellings("Mar 29"))
    assert any(_says(text, s, True) for s in day_spellings("2024-03-29"))


def test_another_day_of_the_month_is_not_the_day():
    text = "at the meeting of march 29, 2024."
    assert not any(_says(text, s, True) for s in day_spellings("Mar 2"))
    assert not any(_says(text, s, True) for s in day_spellings("Mar 9"))
    assert not any(_says(text, s, True) for s in day_spellings("2023-03-29"))  # another year


def test_words_that_are_not_a_day_have_no_spellings():
    assert day_spellings("Wren 2014") == [] and day_spellings("May") == [] and day_spellings("Mar 41") == []


def test_a_day_without_its_year_is_right_in_an_answer_that_writes_it_as_a_meetings_iso_day():
    text = "your meeting pages say: 2023-11-14, written 2023-11-13: rg tomorrow cancelled"
    assert any(_says(text, s, True) for s in day_spellings("Nov 14"))
    assert not any(_says(text, s, True) for s in day_spellings("Nov 1"))  # "-11-1" is no prefix of "-11-14"
    assert not any(_says(text, s, True) for s in day_spellings("Dec 14"))
    assert not any(_says("page 12023-11-140", s, True) for s in day_spellings("Nov 14"))  # digits around it
