"""Processes, temporary files, descriptors, mail and FTP clients, asyncio
streams and executors of the standard library."""
import asyncio
import concurrent.futures
import ftplib
import imaplib
import os
import smtplib
import socket
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor


# a child that is never waited for
def leak_popen(cmd):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    first = p.stdout.readline()
    return first  # expect: leak.resource


def clean_popen(cmd):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    out, _ = p.communicate()  # expect: leak.exception
    return out


def clean_popen_with(cmd):
    with subprocess.Popen(cmd) as p:
        return p.pid


# temporary files and directories
def leak_named_temp(data):
    f = tempfile.NamedTemporaryFile(delete=False)
    f.write(data)
    return f.name  # expect: leak.resource


def clean_named_temp(data):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
        return os.path.getsize(f.name)


def leak_temp_dir():
    d = tempfile.TemporaryDirectory()
    return os.listdir(d.name)  # expect: leak.resource


def clean_temp_dir():
    d = tempfile.TemporaryDirectory()
    names = os.listdir(d.name)  # expect: leak.exception
    d.cleanup()
    return names


# mkstemp: the descriptor is the caller's to close
def leak_mkstemp(data):
    fd, path = tempfile.mkstemp()
    os.write(fd, data)
    return path  # expect: leak.resource


def clean_mkstemp(data):
    fd, path = tempfile.mkstemp()
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    return path


# the file object takes the descriptor over
def clean_mkstemp_fdopen(data):
    fd, path = tempfile.mkstemp()
    with os.fdopen(fd, "wb") as f:  # expect: leak.exception
        f.write(data)
    return path


# FTP, SMTP and IMAP sessions
def leak_ftp(host, name):
    ftp = ftplib.FTP(host)
    ftp.login()
    if name not in ftp.nlst():
        return False  # expect: leak.session
    ftp.quit()
    return True


def clean_ftp(host):
    with ftplib.FTP(host) as ftp:
        ftp.login()
        return ftp.nlst()


def leak_smtp(host, msg):
    s = smtplib.SMTP(host)
    s.send_message(msg)
    return True  # expect: leak.session


def clean_smtp(host, msg):
    s = smtplib.SMTP(host)
    try:
        s.send_message(msg)
    finally:
        s.quit()  # expect: leak.exception
    return True


def clean_imap(host, user, password):
    m = imaplib.IMAP4_SSL(host)
    m.login(user, password)  # expect: leak.exception
    typ, data = m.list()
    m.logout()
    return data


def leak_imap(host, user, password):
    m = imaplib.IMAP4_SSL(host)
    typ, _ = m.login(user, password)
    if typ != "OK":
        return None  # expect: leak.session
    m.logout()
    return typ


# asyncio streams: the writer owns the socket
async def leak_stream(host, port):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(b"ping\n")
    return await reader.readline()  # expect: leak.connector


async def clean_stream(host, port):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(b"ping\n")
        return await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()


# executors
def leak_executor(fn, items):
    ex = ThreadPoolExecutor(max_workers=4)
    return list(ex.map(fn, items))  # expect: leak.resource


def clean_executor(fn, items):
    with concurrent.futures.ProcessPoolExecutor() as ex:
        return list(ex.map(fn, items))


# a socket's shutdown() is no executor's: the socket is still to be closed,
# and no release.mismatch is said
def leak_socket_shutdown(host, port):
    s = socket.create_connection((host, port))
    s.sendall(b"bye")
    s.shutdown(socket.SHUT_RDWR)
    return True  # expect: leak.connector
