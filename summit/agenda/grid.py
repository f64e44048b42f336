"""Laying out one day of the rooms x time grid. Pure: minutes and room numbers in, grid positions out.

Rows are 15-minute slots of equal height, so the time axis is to scale. Each room has as many lanes (grid columns) as
it has sessions at the same moment: overlapping sessions in one room sit side by side, and a session that overlaps
nothing spans its room's lanes.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

SLOT = 15  # minutes per row


@dataclass(frozen=True)
class Item:
    key: Hashable
    start: int  # minutes from the start of the day's grid
    end: int
    room: int | None  # index into the day's rooms; None: across every room


@dataclass(frozen=True)
class Placed:
    key: Hashable
    column: int  # first grid column among the rooms' lanes, from 1; 0: across every room
    span: int  # how many lanes it covers
    first: int  # first row, from 1
    last: int  # the row after its last (exclusive), so that last - first is its length in slots


@dataclass(frozen=True)
class Layout:
    lanes: list[int]  # lanes per room
    starts: list[int]  # each room's first column, from 1
    placed: list[Placed]

    @property
    def columns(self) -> int:
        return max(sum(self.lanes), 1)


def rows_of(start: int, end: int) -> tuple[int, int]:
    first = start // SLOT + 1
    return first, max(-(-end // SLOT) + 1, first + 1)


def _clusters(items: list[Item]) -> list[list[Item]]:
    """Runs of sessions that overlap one another, directly or through others, in start order."""
    runs: list[list[Item]] = []
    reach = None
    for item in sorted(items, key=lambda i: (i.start, i.end)):
        if reach is None or item.start >= reach:
            runs.append([])
            reach = item.end
        runs[-1].append(item)
        reach = max(reach, item.end)
    return runs


def _lanes(cluster: list[Item]) -> dict[Hashable, int]:
    """The first free lane for each session, in start order (interval colouring: as few lanes as possible)."""
    ends: list[int] = []
    lane_of = {}
    for item in cluster:
        lane = next((n for n, end in enumerate(ends) if end <= item.start), len(ends))
        if lane == len(ends):
            ends.append(item.end)
        else:
            ends[lane] = item.end
        lane_of[item.key] = lane
    return lane_of


def lay_out(items: Sequence[Item], rooms: int) -> Layout:
    """Where each session goes: its room's lane, side by side with what overlaps it in the same room."""
    by_room: dict[int, list[Item]] = {r: [] for r in range(rooms)}
    for item in items:
        if item.room is not None:
            by_room[item.room].append(item)
    plans = {r: [(cluster, _lanes(cluster)) for cluster in _clusters(members)] for r, members in by_room.items()}
    lanes = [max([max(lane.values()) + 1 for _, lane in plans[r]] or [1]) for r in range(rooms)]
    starts = [1 + sum(lanes[:r]) for r in range(rooms)]
    placed = []
    for r in range(rooms):
        for cluster, lane_of in plans[r]:
            used = max(lane_of.values()) + 1
            for item in cluster:
                lane = lane_of[item.key]
                span = lanes[r] - lane if lane == used - 1 else 1  # the last lane stretches to the room's edge
                placed.append(Placed(item.key, starts[r] + lane, span, *rows_of(item.start, item.end)))
    placed += [Placed(item.key, 0, max(sum(lanes), 1), *rows_of(item.start, item.end))
               for item in items if item.room is None]
    order = {item.key: n for n, item in enumerate(items)}
    return Layout(lanes, starts, sorted(placed, key=lambda p: order[p.key]))
