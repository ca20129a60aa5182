"""Database, cache, SSH and cloud clients: a leak and a clean twin each."""
import asyncpg
import aiomysql
import paramiko
import psycopg
import psycopg2
import pymysql
import redis
import redis.asyncio as aioredis
import urllib3
from azure.identity.aio import DefaultAzureCredential
from azure.keyvault.secrets.aio import SecretClient
from azure.storage.blob.aio import BlobServiceClient


# redis: the client is dropped while its pool holds connections
def leak_redis(url, key):
    r = redis.from_url(url)
    return r.get(key)  # expect: leak.connector


def clean_redis(url, key):
    with redis.Redis.from_url(url) as r:
        return r.get(key)


# redis.asyncio: aclose() on one path only
async def leak_aioredis(host, key):
    r = aioredis.Redis(host=host)
    v = await r.get(key)
    if v is None:
        return None  # expect: leak.connector
    await r.aclose()
    return v


async def clean_aioredis(host, key):
    r = aioredis.Redis(host=host)
    try:
        return await r.get(key)
    finally:
        await r.aclose()


# a pool handed to the client stays the caller's: disconnect it
def leak_pool(host):
    pool = redis.ConnectionPool(host=host)
    r = redis.Redis(connection_pool=pool)
    r.ping()  # expect: leak.exception
    r.close()
    return True  # expect: leak.connector


def clean_pool(host):
    pool = redis.ConnectionPool(host=host)
    r = redis.Redis(connection_pool=pool)  # expect: leak.exception
    r.ping()  # expect: leak.exception
    r.close()
    pool.disconnect()
    return True


# psycopg 3: the connection's with block closes it
def clean_psycopg(dsn):
    with psycopg.connect(dsn) as conn:
        return conn.execute("select 1").fetchone()


# psycopg2: the connection's with block only ends the transaction
def leak_psycopg2_with(dsn):
    conn = psycopg2.connect(dsn)
    with conn:
        conn.cursor().execute("select 1")
    return True  # expect: leak.connector


def clean_psycopg2(dsn):
    conn = psycopg2.connect(dsn)
    try:
        with conn:
            conn.cursor().execute("select 1")
    finally:
        conn.close()
    return True


# asyncpg: a connection and a pool
async def leak_asyncpg(dsn):
    conn = await asyncpg.connect(dsn)
    rows = await conn.fetch("select 1")
    if not rows:
        return None  # expect: leak.connector
    await conn.close()
    return rows


async def clean_asyncpg_pool(dsn):
    async with asyncpg.create_pool(dsn) as pool:
        return await pool.fetch("select 1")


async def leak_asyncpg_pool(dsn):
    pool = await asyncpg.create_pool(dsn)
    return await pool.fetch("select 1")  # expect: leak.connector


# aiomysql and PyMySQL
async def leak_aiomysql(host):
    conn = await aiomysql.connect(host=host)
    cur = await conn.cursor()
    await cur.execute("select 1")
    return await cur.fetchone()  # expect: leak.connector


async def clean_aiomysql_pool(host):
    pool = await aiomysql.create_pool(host=host)
    try:
        async with pool.acquire() as conn:
            cur = await conn.cursor()
            await cur.execute("select 1")
            return await cur.fetchone()
    finally:
        pool.close()
        await pool.wait_closed()


def clean_pymysql(host):
    with pymysql.connect(host=host) as conn:
        with conn.cursor() as cur:
            cur.execute("select 1")
            return cur.fetchone()


def leak_pymysql(host):
    conn = pymysql.connect(host=host)
    cur = conn.cursor()
    cur.execute("select 1")
    return cur.fetchone()  # expect: leak.connector


# urllib3
def leak_pool_manager(url):
    http = urllib3.PoolManager()
    return http.request("GET", url).status  # expect: leak.connector


def clean_pool_manager(url):
    with urllib3.PoolManager() as http:
        return http.request("GET", url).status


# paramiko: a client whose connect failed is still to be closed
def leak_ssh(host, cmd):
    client = paramiko.SSHClient()
    try:
        client.connect(host)
    except paramiko.SSHException:
        return None  # expect: leak.session
    _, out, _ = client.exec_command(cmd)
    data = out.read()
    client.close()
    return data


def clean_ssh(host, cmd):
    with paramiko.SSHClient() as client:
        client.connect(host)
        _, out, _ = client.exec_command(cmd)
        return out.read()


def leak_sftp(sock, path):
    t = paramiko.Transport(sock)
    t.connect()
    sftp = paramiko.SFTPClient.from_transport(t)
    data = sftp.open(path).read()  # expect: leak.exception
    sftp.close()
    return data  # expect: leak.connector


def clean_sftp(sock, path):
    t = paramiko.Transport(sock)
    try:
        t.connect()
        sftp = paramiko.SFTPClient.from_transport(t)
        with sftp:
            return sftp.stat(path)
    finally:
        t.close()


# Azure Blob and Key Vault async clients; the credential is the caller's
async def leak_blob(url, name):
    cred = DefaultAzureCredential()
    service = BlobServiceClient(url, credential=cred)  # expect: leak.exception
    props = await service.get_container_client(name).get_container_properties()
    await cred.close()
    return props  # expect: leak.connector


async def clean_blob(conn_str, name):
    async with BlobServiceClient.from_connection_string(conn_str) as service:
        return await service.get_container_client(name).get_container_properties()


async def leak_secret(url, name):
    async with DefaultAzureCredential() as cred:
        client = SecretClient(url, cred)
        secret = await client.get_secret(name)
    return secret.value  # expect: leak.connector


async def clean_secret(url, name):
    async with DefaultAzureCredential() as cred:
        async with SecretClient(url, cred) as client:
            secret = await client.get_secret(name)
    return secret.value
