"""The database connection pool's check (PostgreSQL, psycopg's pool).

psycopg's pool checks a connection before handing it out, and throws away
one that the database dropped. But after a restart or failover every idle
connection is dead, and the pool finds that out one at a time, waiting a
second, then two, between them: longer than a page may wait. So when one
connection fails its check, the others are checked at once, and the pool
replaces them all while the page waits for the first new one.
"""

import threading
import time

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

# A pool is started again at most this often in each process.
RESTART_INTERVAL = 2.0
_last_restart = 0.0


def check_connection(connection) -> None:
    try:
        ConnectionPool.check_connection(connection)
    except Exception:
        from django.db import connections

        for alias in connections:
            pool = getattr(connections[alias], "pool", None)
            if pool is not None:
                pool.check()
        raise


def start_pools_again(error) -> None:
    """After a page waited in vain for a connection (the database is down),
    the pools are started again, so that when the database comes back the
    next page connects at once: a pool left alone keeps retrying with ever
    longer waits between tries, and took over 10 s to notice the database
    was back. The old pool is closed in the background; a page still using
    it gets a 503 like the others while the database is down.

    A page also waits in vain when every connection is busy (a peak of
    visitors): then the database answers, the pool is kept, and throwing it
    away would only open more connections than the database allows."""
    global _last_restart
    if not isinstance(getattr(error, "__cause__", None), PoolTimeout):
        return
    if time.monotonic() - _last_restart < RESTART_INTERVAL:
        return
    _last_restart = time.monotonic()
    from django.db.backends.postgresql.base import DatabaseWrapper

    for alias, pool in list(DatabaseWrapper._connection_pools.items()):
        if _database_answers(pool):
            continue
        if DatabaseWrapper._connection_pools.pop(alias, None) is not None:
            threading.Thread(target=pool.close, daemon=True).start()


def _database_answers(pool) -> bool:
    """Whether a new connection, outside the pool, can be made at once."""
    try:
        psycopg.connect(pool.conninfo, **{**pool.kwargs, "connect_timeout": 1}).close()
    except psycopg.Error:
        return False
    return True
