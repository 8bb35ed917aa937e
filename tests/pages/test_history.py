"""The History page: the timeline in words, a milestone marked by a click, what changed since, restore."""

from __future__ import annotations

import os

import pandas as pd

from core.store import Store, Table
from core.store import history as log
from tests.helpers import open_tab


def _tab(at, name: str):
    return open_tab(at, "history_tab", name)


def _demo() -> tuple[Store, int]:
    store = Store(os.environ["KEYSTONE_DB"])
    return store, int(store.partnerships()["id"].iloc[0])


def _raise_influence(store: Store, pid: int, name: str, value: float) -> None:
    loaded = store.read(pid, Table.ACTORS)
    edited = loaded.copy()
    edited.loc[edited["name"] == name, "influence"] = value
    store.replace(pid, Table.ACTORS, edited, "saving actors", based_on=loaded)


def test_the_timeline_says_each_change_in_words_and_filters_by_person(app):
    at = app("history")
    store, pid = _demo()
    _raise_influence(store.as_user("Ana"), pid, "Kestrel Computing", 4.0)
    _raise_influence(store.as_user("Ben"), pid, "Zephyra Mobile", 1.0)
    _tab(at, "Timeline")
    said = at.dataframe[-1].value["What happened"].tolist() if at.dataframe else []
    assert said[:2] == [
        "Ben lowered Zephyra Mobile's influence from 4 to 1.",
        "Ana raised Kestrel Computing's influence from 2 to 4.",
    ]
    next(box for box in at.multiselect if box.label == "Person").set_value(["Ana"]).run()
    assert at.dataframe[-1].value["What happened"].tolist() == ["Ana raised Kestrel Computing's influence from 2 to 4."]


def test_a_milestone_marked_by_a_click_is_what_since_compares_with(app):
    at = _tab(app("history"), "Timeline")
    store, pid = _demo()
    next(box for box in at.text_input if box.label == "Name this moment").input("after workshop 2")
    next(button for button in at.button if button.label == "Mark a milestone").click().run()
    assert log.milestones(store, pid)["name"].tolist() == ["after workshop 2"]
    loaded = store.read(pid, Table.ACTORS)
    added = pd.DataFrame([{"name": "Harbour Co-op", "type": "community", "interest": 4, "influence": 2}])
    store.replace(pid, Table.ACTORS, pd.concat([loaded, added], ignore_index=True), "adding", based_on=loaded)
    _tab(at, "Since a milestone")
    assert not at.exception
    assert next(box for box in at.selectbox if box.label == "From").value.startswith("after workshop 2")
    actors = next(metric for metric in at.metric if metric.label == "Actors")
    assert actors.value == "+1 / −0"
    assert "Added: Harbour Co\\-op" in [str(text.value) for text in at.markdown]  # the escaped text as sent


def test_restore_puts_the_records_back_as_a_new_change_and_says_so(app):
    at = app("history")
    store, pid = _demo()
    log.mark(store, pid, "before the edit")
    before = store.read(pid, Table.ACTORS)
    _raise_influence(store.as_user("Ana"), pid, "Kestrel Computing", 5.0)
    _tab(at, "Restore")
    next(box for box in at.selectbox if box.label == "Back to").set_value(
        next(
            option
            for option in next(box for box in at.selectbox if box.label == "Back to").options
            if option.startswith("before the edit")
        )
    ).run()
    next(button for button in at.button if button.label == "Restore").click().run()
    assert not at.exception
    pd.testing.assert_frame_equal(store.read(pid, Table.ACTORS), before)
    assert store.changes(pid).iloc[0]["reason"].startswith("restore the whole partnership as at before the edit")
