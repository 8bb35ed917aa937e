"""Saved views of the actor map: a filter and a caption a facilitator steps through like slides.

A view keeps what the map's filters hold (which actors, sized by what, whose
neighbourhood) and one line for the room. Views are kept with the partnership
as the answers of :attr:`core.model.Topic.MAP_VIEWS`, so a save is logged,
undoable and checked against a colleague's newer save like any other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace

from core.conventions import name_key, text
from core.system_map.network import Centrality

__all__ = ["CAPTION_LIMIT", "NAME_LIMIT", "MapView", "read_views", "to_payload", "with_view", "without_view"]

NAME_LIMIT = 60
CAPTION_LIMIT = 200
_STEPS = range(1, 5)  # the map's "steps out" slider


@dataclass(frozen=True)
class MapView:
    """One saved view: the map's filters and a line for the room.

    Attributes
    ----------
    name : str
        What the facilitator calls it ("Who funds collection").
    caption : str
        The line the wall shows above the map.
    size_by : Centrality
        What node size shows.
    types : tuple of str
        Partner types shown (none: all).
    communities : tuple of int
        Communities shown, by number (none: all).
    centre : str
        The actor whose neighbourhood is shown ('' for everyone).
    steps : int
        How many ties out from ``centre``.
    barriers : bool
        Whether actors named in barriers are marked.
    """

    name: str
    caption: str = ""
    size_by: Centrality = Centrality.PAGERANK
    types: tuple[str, ...] = ()
    communities: tuple[int, ...] = ()
    centre: str = ""
    steps: int = 1
    barriers: bool = True


def read_views(payload: Mapping[str, object]) -> list[MapView]:
    """The views in a stored payload; an entry that is not a view (a hand-edited workbook) is skipped."""
    views = []
    for entry in payload.get("views") or []:
        view = _view(entry)
        if view is not None:
            views.append(view)
    return views


def _view(entry: object) -> MapView | None:
    if not isinstance(entry, Mapping) or not text(entry.get("name")):
        return None
    try:
        size_by = Centrality(entry.get("size_by", Centrality.PAGERANK.value))
        steps = int(entry.get("steps", 1))
        communities = tuple(int(number) for number in entry.get("communities") or ())
    except (TypeError, ValueError):
        return None
    return MapView(
        name=text(entry["name"])[:NAME_LIMIT],
        caption=text(entry.get("caption"))[:CAPTION_LIMIT],
        size_by=size_by,
        types=tuple(str(kind) for kind in entry.get("types") or ()),
        communities=communities,
        centre=text(entry.get("centre")),
        steps=steps if steps in _STEPS else 1,
        barriers=bool(entry.get("barriers", True)),
    )


def to_payload(views: Sequence[MapView]) -> dict[str, object]:
    """The views as the JSON object they are stored as."""
    return {"views": [{**asdict(view), "size_by": view.size_by.value} for view in views]}


def with_view(views: Sequence[MapView], view: MapView) -> list[MapView]:
    """``views`` with ``view`` saved: in place of one of the same name (case and spaces aside), else last.

    Raises
    ------
    ValueError
        When the view has no name.
    """
    name = " ".join(view.name.split())[:NAME_LIMIT]
    if not name:
        raise ValueError("Give the view a name, so it can be found on the wall.")
    view = replace(view, name=name, caption=" ".join(view.caption.split())[:CAPTION_LIMIT])
    kept = [old if name_key(old.name) != name_key(name) else view for old in views]
    return kept if view in kept else [*kept, view]


def without_view(views: Sequence[MapView], name: str) -> list[MapView]:
    """``views`` without the one called ``name``."""
    return [view for view in views if name_key(view.name) != name_key(name)]
