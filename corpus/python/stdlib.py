"""Files, sockets and SQLite connections of the standard library."""
import socket
import sqlite3


# read and dropped: the file is never closed
def leak_read(path):
    return open(path).read()  # expect: leak.resource


# with closes the file
def clean_read(path):
    with open(path) as f:
        return f.read()


# the socket is not closed when connect fails
def leak_socket(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.connect((host, port))
    except OSError:
        return None  # expect: leak.connector
    return s


# closed on the failure path, handed to the caller on success
def clean_socket(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.connect((host, port))
    except OSError:
        s.close()
        return None
    return s


# sqlite3's context manager ends a transaction, it does not close
def leak_sqlite_with(path):
    with sqlite3.connect(path) as con:
        con.execute("create table if not exists t(x)")
    return True  # expect: leak.connector


# closed explicitly
def clean_sqlite(path):
    con = sqlite3.connect(path)
    try:
        con.execute("create table if not exists t(x)")
    finally:
        con.close()
    return True


# walrus, conditional expression, and/or: the null checks still hold
def clean_conditions(path, want):
    if want and (f := open(path)) is not None:
        data = f.read() if want else None  # expect: leak.exception
        f.close()
        return data
    return None


# a while loop with break, and an else on the for loop
def leak_loop_break(paths):
    f = None
    for p in paths:
        f = open(p)
        if f.readable():
            break
        f.close()
    else:
        return None
    return True  # expect: leak.resource
