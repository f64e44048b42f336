"""The grid's layout as a pure function: overlapping sessions in one room side by side, time to scale (issue 12)."""

from __future__ import annotations

from summit.agenda.grid import Item, Placed, lay_out


def test_a_lone_session_fills_its_room_and_rows_are_fifteen_minutes():
    layout = lay_out([Item("keynote", 60, 120, 0)], rooms=1)
    assert layout.lanes == [1] and layout.columns == 1
    assert layout.placed == [Placed("keynote", 1, 1, 5, 9)]  # 01:00-02:00 after the grid's start: rows 5-8


def test_overlapping_sessions_in_one_room_sit_side_by_side():
    layout = lay_out([Item("a", 0, 60, 0), Item("b", 30, 90, 0), Item("c", 120, 150, 0), Item("d", 0, 60, 1)],
                     rooms=2)
    assert layout.lanes == [2, 1] and layout.starts == [1, 3] and layout.columns == 3
    placed = {p.key: p for p in layout.placed}
    assert (placed["a"].column, placed["a"].span) == (1, 1)
    assert (placed["b"].column, placed["b"].span) == (2, 1)  # beside a, not on top of it
    assert (placed["c"].column, placed["c"].span) == (1, 2)  # overlaps nothing: the whole room
    assert (placed["d"].column, placed["d"].span) == (3, 1)


def test_three_at_once_and_a_chain_use_as_few_lanes_as_needed():
    # a overlaps b, b overlaps c, but a and c do not meet: two lanes are enough for the chain
    chain = lay_out([Item("a", 0, 60, 0), Item("b", 45, 105, 0), Item("c", 60, 120, 0)], rooms=1)
    assert chain.lanes == [2]
    assert [(p.key, p.column) for p in chain.placed] == [("a", 1), ("b", 2), ("c", 1)]
    three = lay_out([Item(k, 0, 30, 0) for k in "xyz"], rooms=1)
    assert three.lanes == [3] and sorted(p.column for p in three.placed) == [1, 2, 3]


def test_length_is_to_scale_and_a_session_without_a_room_spans_every_lane():
    layout = lay_out([Item("short", 0, 15, 0), Item("long", 0, 90, 1), Item("lunch", 120, 180, None)], rooms=2)
    placed = {p.key: p for p in layout.placed}
    assert placed["short"].last - placed["short"].first == 1
    assert placed["long"].last - placed["long"].first == 6  # six times as tall: the axis is to scale
    assert (placed["lunch"].column, placed["lunch"].span) == (0, 2)
    odd = lay_out([Item("odd", 10, 50, 0)], rooms=1).placed[0]
    assert (odd.first, odd.last) == (1, 5)  # 00:10-00:50 covers the slots it touches
