"""Shapes met in real projects (bench/python-results.md) that were once
false alarms, and the true findings beside them."""
import enum

import httpx
import pytest


class State(enum.Enum):
    OPEN = 1
    CLOSED = 2


# httpx's Client.close: a close routine guarded by its own state flag
# releases on every path that had something to release
class Holder:
    def __init__(self):
        self._state = State.OPEN
        self._client = httpx.Client()

    def close(self):
        if self._state != State.CLOSED:
            self._state = State.CLOSED
            self._client.close()


# httpx's Cookies.delete: named like a release, it clears a jar (clear() is
# no release of a session) in a loop that may run zero times
class Jar:
    def __init__(self, jar):
        self.jar = jar

    def delete(self, name):
        for cookie in [c for c in self.jar if c.name == name]:
            self.jar.clear(cookie.domain, cookie.path, cookie.name)


# httpx's tests: a constructor expected to raise inside pytest.raises
# never gives a client, and the name is bound again afterwards
async def test_bad_auth(app):
    with pytest.raises(TypeError):
        client = httpx.AsyncClient(auth="not a tuple")
    async with httpx.AsyncClient() as client:
        await client.get("http://example.com")


def test_bad_proxy():
    with pytest.raises(ValueError):
        httpx.Client(proxy="ftp://127.0.0.1")


# ...but a client made outside it and dropped is a leak
def test_mounts(mounts, is_valid):
    if not is_valid:
        with pytest.raises(ValueError):
            httpx.Client(mounts=mounts)
    else:
        httpx.Client(mounts=mounts)  # expect: leak.session


# httpx's proxy tests: the finally body names a client bound in the try
# body; it closes it on the exception path too
async def proxy_close(url):
    try:
        transport = httpx.AsyncHTTPTransport(proxy=url)
        client = httpx.AsyncClient(mounts={"https://": transport})
        await client.get("http://example.com")
    finally:
        await client.aclose()
