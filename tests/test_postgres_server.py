"""The throwaway PostgreSQL server the team-mode tests stand on."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from tests.postgres import PostgresServer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    server = PostgresServer.start(tmp_path_factory.mktemp("postgres"))
    yield server
    server.stop()


def tables(url: str) -> set[str]:
    with psycopg.connect(url) as connection:
        rows = connection.execute("select table_name from information_schema.tables where table_schema = 'public'")
        return {name for (name,) in rows}


def test_the_server_answers_over_its_url(server: PostgresServer):
    with psycopg.connect(server.url("postgres")) as connection:
        assert connection.execute("select 1").fetchone() == (1,)


def test_two_databases_are_separate(server: PostgresServer):
    first, second = server.create_database("separate_one"), server.create_database("separate_two")
    with psycopg.connect(first) as connection:
        connection.execute("create table actors (name text)")
    assert tables(first) == {"actors"}
    assert tables(second) == set()


def test_a_database_made_from_a_template_holds_its_tables_and_rows(server: PostgresServer):
    with psycopg.connect(server.create_database("template_demo")) as connection:
        connection.execute("create table actors (name text)")
        connection.execute("insert into actors values ('Meridian Devices')")
    copy = server.create_database("copy_of_demo", template="template_demo")
    with psycopg.connect(copy) as connection:
        assert connection.execute("select name from actors").fetchall() == [("Meridian Devices",)]


def test_a_dropped_database_is_gone_even_with_a_connection_open(server: PostgresServer):
    url = server.create_database("dropped")
    with psycopg.connect(url) as connection:
        server.drop_database("dropped")
        with pytest.raises(psycopg.OperationalError):
            connection.execute("select 1")
    with pytest.raises(psycopg.OperationalError, match="does not exist"):
        psycopg.connect(url)


@pytest.mark.parametrize("name", ["Demo", "demo; drop database postgres", "1demo", 'demo"', ""])
def test_names_we_do_not_make_are_refused(server: PostgresServer, name: str):
    with pytest.raises(ValueError, match="not a database name"):
        server.create_database(name)
    with pytest.raises(ValueError, match="not a database name"):
        server.create_database("fine", template=name)


def test_stop_stops_the_server_and_may_be_called_twice(tmp_path):
    server = PostgresServer.start(tmp_path)
    url = server.url("postgres")
    server.stop()
    server.stop()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=5)
