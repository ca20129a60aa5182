"""aiohttp sessions and connectors: leaks on a path, and their clean twins."""
import aiohttp
from aiohttp import ClientSession as CS, TCPConnector


# returned without close on the path where the status is bad
async def leak_early_return(url):
    session = aiohttp.ClientSession()
    resp = await session.get(url)
    if resp.status != 200:
        return None  # expect: leak.session
    await session.close()
    return resp


# closed on both paths
async def clean_early_return(url):
    session = aiohttp.ClientSession()
    resp = await session.get(url)  # expect: leak.exception
    if resp.status != 200:
        await session.close()
        return None
    await session.close()
    return resp


# the alias of an import is the same constructor
async def leak_alias(url):
    s = CS()
    await s.get(url)
    return 1  # expect: leak.session


# async with closes it on every path out of the block
async def clean_async_with(url):
    async with CS() as s:
        resp = await s.get(url)
        if resp.status != 200:
            return None
        return await resp.text()


# try / finally closes it whatever happens
async def clean_finally(url):
    session = aiohttp.ClientSession()
    try:
        resp = await session.get(url)
        return resp.status
    finally:
        await session.close()


# a connector nobody keeps
def leak_connector():
    conn = TCPConnector(limit=10)
    return conn.limit  # expect: leak.connector


# closed before it is dropped
def clean_connector_closed():
    conn = TCPConnector(limit=10)
    n = conn.limit
    conn.close()
    return n


# stored into a module-level variable: lives as long as the process
_shared = None


def clean_global():
    global _shared
    _shared = aiohttp.ClientSession()


# a session kept only in a loop variable: each iteration loses the last one
async def leak_in_loop(urls):
    for url in urls:
        s = aiohttp.ClientSession()
        await s.get(url)
    return len(urls)  # expect: leak.session


# closed in the loop body before the next one is made
async def clean_in_loop(urls):
    for url in urls:
        s = aiohttp.ClientSession()
        await s.get(url)  # expect: leak.exception
        await s.close()
    return len(urls)
