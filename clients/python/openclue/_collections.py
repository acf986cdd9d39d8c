"""What every list endpoint shares: one generic collection (get, a page, every item, find by name, create once)."""

import urllib.parse
from typing import Any, Callable, Dict, Iterator, Optional

from .errors import DuplicateNameError
from .resources import Page, _build

MAX_LIMIT = 100


def segment(value: str) -> str:
    return urllib.parse.quote(str(value), safe="")


def create_once(send: Callable[[], Any], find_existing: Callable[[], Optional[Any]]):
    """Sends a create. If it was retried and now answers "duplicate name", the first attempt reached the server:
    the existing resource is the result when ``find_existing`` finds one whose fields are the ones sent."""
    try:
        return send()
    except DuplicateNameError as duplicate:
        if not getattr(duplicate, "after_retry", False):
            raise
        existing = find_existing()
        if existing is None:
            raise
        return existing


class Collection:
    """A list endpoint and its items. A subclass names ``path``, the ``resource`` class and how its pages look
    (:meth:`_fetch`); NCLUE's lists (``index``/``limit``/``total``, D4) are the default."""

    path = ""
    items_key = ""
    resource = None
    created_id_key = ""

    def __init__(self, client):
        self._client = client
        self._transport = client._transport

    def _wrap(self, data):
        return _build(self.resource, data, self._client)

    def _item_path(self, resource_id: str) -> str:
        return f"{self.path}/{segment(resource_id)}"

    def get(self, resource_id: str):
        return self._wrap(self._transport.request("GET", self._item_path(resource_id)).json())

    def _fetch(self, offset: int, size: int, **filters) -> Page:
        body = self._transport.request("GET", self.path, {"index": offset, "limit": size, **filters}).json()
        return Page([self._wrap(item) for item in body[self.items_key]], body["index"], body["limit"], body["total"])

    def list(self, index: int = 0, limit: int = 20) -> Page:
        """One page, newest first: ``index`` is the 0-based offset, ``limit`` 1-100."""
        return self._fetch(index, limit)

    def iter(self, page_size: int = MAX_LIMIT, **filters) -> Iterator:
        """Every item, newest first, fetched ``page_size`` at a time."""
        offset = 0
        while True:
            page = self._fetch(offset, page_size, **filters)
            yield from page
            offset += len(page)
            if not page or offset >= page.total:
                return

    def __iter__(self):
        return self.iter()

    def find(self, name: str):
        """The item with this name, or None."""
        return next((item for item in self.iter() if item.name == name), None)

    def _create(self, body: Dict[str, Any], matches: Callable[[Any], bool]):
        """POSTs a create and returns the created resource; a retried create is never made twice (:func:`create_once`)."""
        body = {k: v for k, v in body.items() if v is not None}

        def existing():
            found = self.find(body["name"])
            return found if found is not None and matches(found) else None

        created = create_once(lambda: self._transport.request("POST", self.path, body=body).json(), existing)
        return created if isinstance(created, self.resource) else self.get(created[self.created_id_key])


class Deletable:
    def delete(self, resource_id: str) -> None:
        self._transport.request("DELETE", self._item_path(resource_id))
