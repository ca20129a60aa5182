"""leak.exception (opt-in: sesslint check --enable exception): a handle
closed on every normal way out, but still open when a statement between
its acquisition and its release raises out of the function."""
import json
import os
import socket

import aiohttp
import requests


# the request may raise: the session is never closed then
async def leak_request_raises(url):
    session = aiohttp.ClientSession()
    resp = await session.get(url)  # expect: leak.exception
    await session.close()
    return resp.status


# async with closes it however the block is left
async def clean_request_raises(url):
    async with aiohttp.ClientSession() as session:
        resp = await session.get(url)
        return resp.status


# try / finally closes it on the exception path too
def clean_finally(url):
    s = requests.Session()
    try:
        return s.get(url).status_code
    finally:
        s.close()


# the handler closes it and raises on
def clean_handler_reraises(host, port):
    sock = socket.socket()
    try:
        sock.connect((host, port))
    except OSError:
        sock.close()
        raise
    return sock


# an explicit raise while the file is open
def leak_explicit_raise(path, strict):
    f = open(path)
    if strict:
        raise ValueError(path)  # expect: leak.exception
    header = f.readline()
    f.close()
    return header


# the close itself raising is no reason to call it leaked, and a
# statement computing nothing that raises cannot leave the function
def clean_only_close(path):
    f = open(path)
    n = 0
    f.close()
    return n


# a handler around the statement is taken to handle what it raises: an
# exception it does not match is not reported
def clean_handled(path):
    f = open(path)
    try:
        data = json.load(f)
    except ValueError:
        data = None
    f.close()
    return data


# a handler for every exception: nothing leaves the function
def clean_bare_handler(path):
    f = open(path)
    try:
        data = json.load(f)
    except BaseException:
        data = None
    f.close()
    return data


# a handle leaked on a normal path is leak.resource only, not also
# leak.exception
def leak_normal_path_first(path):
    f = open(path)
    data = f.read()
    if not data:
        return None  # expect: leak.resource
    f.close()
    return data


# a with block around the raising call exits the manager, not the file
# (reported at the with statement, whose exit runs before the exception
# leaves; the finding's steps name the statement that raised)
def leak_inside_other_with(path, lock):
    f = open(path)
    with lock:  # expect: leak.exception
        data = f.read()
    f.close()
    return data


# set(), len() and logging calls do not raise in practice: the finally
# body closing the descriptor is reached
def clean_quiet_calls(path, log, data):
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, data)
    finally:
        done = set()
        log.debug("wrote %d bytes", len(data))
        os.close(fd)
    return done
