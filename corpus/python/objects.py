"""Objects own what they store in self only when a method can release it."""
import aiohttp
import httpx
import requests


# no method closes self._session: the session leaks where it is stored
class Poller:
    def __init__(self, url):
        self.url = url
        self._session = aiohttp.ClientSession()  # expect: leak.session

    async def poll(self):
        return await self._session.get(self.url)


# close() releases it: the object owns it
class ClosingPoller:
    def __init__(self, url):
        self.url = url
        self._session = aiohttp.ClientSession()

    async def poll(self):
        return await self._session.get(self.url)

    async def close(self):
        await self._session.close()


# __aexit__ releases it
class ManagedClient:
    async def __aenter__(self):
        self._client = httpx.AsyncClient()
        return self

    async def __aexit__(self, *exc):
        await self._client.aclose()


# a requests session kept by an object with no way to close it
class Api:
    def __init__(self, base):
        self.base = base
        self.http = requests.Session()  # expect: leak.session

    def get(self, path):
        return self.http.get(self.base + path)


# a base class we do not read may close it: no finding
class Derived(Api):
    def __init__(self, base):
        self.base = base
        self.http = requests.Session()


# created and closed in one method
class OneShot:
    def fetch(self, url):
        with requests.Session() as s:
            return s.get(url).text
