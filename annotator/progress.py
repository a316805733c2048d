"""Progress of long work over many items: reported often enough for a bar, not for every item."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")


def counted(
    items: Iterable[Item],
    total: int,
    progress: Callable[[int, int], None] | None,
    reports: int = 100,
) -> Iterator[Item]:
    """Yield `items`, calling `progress(done, total)` after about every `reports`-th part of them
    and after the last one.

    A call per item would cost more than the work for 10,000 small files: the GUI's bar is a
    signal to another thread.
    """
    step = max(1, total // reports)
    for done, item in enumerate(items, start=1):
        yield item
        if progress and (done % step == 0 or done == total):
            progress(done, total)
