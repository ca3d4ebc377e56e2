"""The database connection pool's check (PostgreSQL, psycopg's pool).

psycopg's pool checks a connection before handing it out, and throws away
one that the database dropped. But after a restart or failover every idle
connection is dead, and the pool finds that out one at a time, waiting a
second, then two, between them: longer than a page may wait. So when one
connection fails its check, the others are checked at once, and the pool
replaces them all while the page waits for the first new one.
"""

from psycopg_pool import ConnectionPool


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
