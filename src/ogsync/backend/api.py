"""The narrow interface the kinds use to talk to an account; the Opsgenie client implements it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Api(Protocol):
    """What a kind needs from a backend client: REST verbs on paths, paging, concurrency."""

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any: ...

    def list_all(
        self, path: str, params: dict[str, Any] | None = None, *, page_size: int = 100
    ) -> list[Any]: ...

    def post(
        self,
        path: str,
        json: Any = None,
        params: dict[str, Any] | None = None,
        *,
        idempotent: bool = False,
    ) -> Any: ...

    def patch(self, path: str, json: Any = None, params: dict[str, Any] | None = None) -> Any: ...

    def put(self, path: str, json: Any = None, params: dict[str, Any] | None = None) -> Any: ...

    def delete(self, path: str, params: dict[str, Any] | None = None) -> Any: ...

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]: ...
