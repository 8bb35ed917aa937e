"""Roles, the configured sign-in and password hashes (core.access)."""

from __future__ import annotations

import pytest

from core.access import Need, Role, SignIn, hash_password, password_matches, sign_in


def test_each_role_can_do_what_the_ones_before_it_can():
    assert [role.rank for role in Role] == [0, 1, 2, 3]
    allowed = {role: {need for need in Need if role.rank >= need.role.rank} for role in Role}
    assert allowed[Role.VIEWER] == {Need.SEE}
    assert allowed[Role.EDITOR] == {Need.SEE, Need.CHANGE}
    assert allowed[Role.FACILITATOR] == {Need.SEE, Need.CHANGE, Need.FACILITATE}
    assert allowed[Role.OWNER] == set(Need)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, SignIn.NONE),
        ({"KEYSTONE_USER_HEADER": "X-Forwarded-User"}, SignIn.HEADER),
        ({"KEYSTONE_SIGN_IN": " Password "}, SignIn.PASSWORD),
        ({"KEYSTONE_SIGN_IN": "oidc"}, SignIn.OIDC),
        ({"KEYSTONE_SIGN_IN": "none", "KEYSTONE_USER_HEADER": "X-User"}, SignIn.NONE),
    ],
)
def test_the_sign_in_is_read_from_the_environment(environ, expected):
    assert sign_in(environ) is expected


def test_a_misspelt_sign_in_is_refused_rather_than_read_as_none():
    with pytest.raises(ValueError, match="must be one of: none, header, password, oidc"):
        sign_in({"KEYSTONE_SIGN_IN": "pasword"})


def test_a_hash_is_salted_and_checks_only_its_own_password():
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first != second and "correct" not in first and first.startswith("scrypt$131072$8$1$")
    assert password_matches("correct horse battery", first) and password_matches("correct horse battery", second)
    assert not password_matches("correct horse batterY", first)
    assert not password_matches("correct horse battery", "scrypt$damaged")
    assert not password_matches("correct horse battery", None)
    with pytest.raises(ValueError, match="at least 10 characters"):
        hash_password("short")
