"""Join codes, secrets and what a participant may type: short codes, long secrets, plain one-line text."""

from __future__ import annotations

import re

import pytest

from core.room.access import (
    CODE_ALPHABET,
    CODE_LENGTH,
    NAME_LIMIT,
    TEXT_LIMIT,
    RoomInputError,
    clean_name,
    clean_text,
    new_join_code,
    new_secret,
    normal_code,
    same_secret,
)


def test_join_codes_are_six_characters_of_the_unambiguous_alphabet():
    codes = [new_join_code() for _ in range(500)]
    assert CODE_LENGTH == 6
    assert all(len(code) == 6 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set(CODE_ALPHABET) & set("01OI")  # nothing to misread off a wall
    assert len(set(codes)) > 490  # random, not a counter or a constant
    assert len(set("".join(codes))) > 25  # the whole alphabet is used


@pytest.mark.parametrize(
    ("typed", "stored"),
    [(" k7q-m2x ", "K7QM2X"), ("k7q m2x", "K7QM2X"), ("K7QM2X", "K7QM2X"), (None, ""), ("", ""), ("--", "")],
)
def test_a_typed_code_is_normalised_as_stored(typed, stored):
    assert normal_code(typed) == stored


def test_a_drawn_code_survives_normalising():
    code = new_join_code()
    assert normal_code(code.lower()) == code


def test_secrets_are_long_random_and_safe_in_an_address():
    secrets = {new_secret() for _ in range(50)}
    assert len(secrets) == 50
    assert all(len(secret) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", secret) for secret in secrets)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, "s3cret"),
        ("", "s3cret"),
        ("s3cre", "s3cret"),
        ("s3cret ", "s3cret"),
        ("S3CRET", "s3cret"),
        (b"s3cret", "s3cret"),  # not text: never equal
        (["s3cret"], "s3cret"),
        ("s3cret", None),  # no expected value: nothing matches it
        ("", ""),
        (None, None),
        (None, ""),
    ],
)
def test_same_secret_is_false_unless_both_are_the_same_text(given, expected):
    assert same_secret(given, expected) is False


def test_same_secret_is_true_for_the_same_text():
    secret = new_secret()
    assert same_secret(str(secret), secret) is True


def test_clean_text_puts_text_on_one_trimmed_line():
    assert clean_text("  Plastic   leaks\n at\tports \r\n", TEXT_LIMIT, "A barrier") == "Plastic leaks at ports"


def test_clean_text_drops_invisible_characters():
    # a right-to-left override and a zero-width space could disguise a name on the wall
    assert clean_text("An\u202ea\u200b", NAME_LIMIT, "Your name") == "Ana"
    assert clean_text("Ana\x00\x07", NAME_LIMIT, "Your name") == "Ana"


@pytest.mark.parametrize("typed", [None, "", "   ", "\n\t", "\u200b", "\x00\x01"])
def test_clean_text_refuses_empty_text_naming_what_is_empty(typed):
    with pytest.raises(RoomInputError, match=r"^Your name is empty"):
        clean_text(typed, NAME_LIMIT, "Your name")


def test_clean_text_takes_text_at_the_limit_and_refuses_one_character_more():
    assert clean_text("x" * NAME_LIMIT, NAME_LIMIT, "Your name") == "x" * NAME_LIMIT
    with pytest.raises(RoomInputError) as refused:
        clean_text("x" * (NAME_LIMIT + 1), NAME_LIMIT, "Your name")
    assert str(refused.value) == f"Your name is {NAME_LIMIT + 1} characters long; keep it to {NAME_LIMIT}."
    with pytest.raises(RoomInputError, match=f"keep it to {TEXT_LIMIT}"):
        clean_text("word " * 50, TEXT_LIMIT, "The barrier")


def test_the_limit_counts_the_cleaned_text():
    # spaces that collapse do not count against the limit
    assert clean_text("a" + " " * 100 + "b", 3, "Your name") == "a b"


def test_a_room_input_error_is_a_value_error():
    assert issubclass(RoomInputError, ValueError)


@pytest.mark.parametrize(
    ("typed", "cleaned"), [("\u200b Ana", "Ana"), ("Ana \u200b", "Ana"), ("\x00 Ana", "Ana"), ("An \u200b a", "An a")]
)
def test_clean_text_trims_what_invisible_characters_leave(typed, cleaned):
    # else '\u200b Ana' would join as ' Ana', a second 'Ana' on the wall (and in step 2's ratings)
    assert clean_text(typed, NAME_LIMIT, "Your name") == cleaned


def test_a_name_cannot_hold_the_records_list_separator():
    with pytest.raises(RoomInputError, match="cannot hold ';'"):
        clean_name("Ana; Bob")
    assert clean_name("  Ana,  Bob ") == "Ana, Bob"
