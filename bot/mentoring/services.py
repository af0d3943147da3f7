"""The use cases an adapter can call, built once by the composition root (bot/app.py).

Services is keyed by each service's class, not a field per feature: `services[Awards]` is typed
(the class is the key, the instance is returned as that class) and the set of features is the
registry in bot/features.py alone, so a new feature is one line there, not a field here too.
"""

from __future__ import annotations

from typing import TypeVar, cast

T = TypeVar("T")


class Services:
    def __init__(self, *services: object) -> None:
        self._by_class: dict[type, object] = {}
        for service in services:
            self.add(service)

    def add(self, service: object) -> None:
        kind = type(service)
        if kind in self._by_class:
            raise ValueError(f"two {kind.__name__} services")
        self._by_class[kind] = service

    def __getitem__(self, kind: type[T]) -> T:
        try:
            return cast(T, self._by_class[kind])
        except KeyError:
            raise LookupError(f"no {kind.__name__} service was built") from None

    def __contains__(self, kind: type) -> bool:
        return kind in self._by_class
