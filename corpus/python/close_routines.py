"""Close routines that skip their close (release.partial): the storage
library's shape, as a static method and as a plain function, handed to
weakref.finalize; and the fixed forms."""
import asyncio
import weakref

import aiohttp


class FileSystem:
    def __init__(self, loop):
        self.loop = loop
        self._session = None

    # the incident: nothing happens when loop is None
    @staticmethod
    def close_session(loop, session):
        if loop is not None and session is not None:
            if loop.is_running():
                try:
                    current = asyncio.get_running_loop()
                    current.create_task(session.close())
                    return
                except RuntimeError:
                    pass
                loop.run_until_complete(session.close())
            else:
                pass  # expect: release.partial

    async def set_session(self):
        if self._session is None:
            self._session = aiohttp.ClientSession()
            weakref.finalize(self, self.close_session, self.loop, self._session)
        return self._session


# the fix: a closed session needs nothing, every other path closes it or
# closes its connector
def fixed_close_session(loop, session):
    if session.closed:
        return
    if loop is not None and loop.is_running():
        loop.create_task(session.close())
    else:
        session.connector.close()
        session.close()


# the plain-function form of the incident
def close_client(loop, client):
    if loop is None:
        return  # expect: release.partial
    loop.run_until_complete(client.close())


# a bound close method handed to a runner is the close
def clean_close_later(runner, session):
    if session is None:
        return
    runner.call_soon(session.close)
