"""The connection pool (PostgreSQL): started again after the database was
down, but kept when it was only busy."""

import pytest
from django.db import OperationalError, connection
from psycopg_pool import PoolTimeout

from cyscp import database

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_pool():
    if connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get("pool"):
        pytest.skip("the pool is PostgreSQL's")
    connection.ensure_connection()
    database._last_restart = 0.0
    yield
    database._last_restart = 0.0


def timed_out():
    try:
        raise PoolTimeout("couldn't get a connection after 3.00 sec")
    except PoolTimeout as cause:
        error = OperationalError("couldn't get a connection")
        error.__cause__ = cause
        return error


def test_a_busy_pool_is_kept_while_the_database_answers():
    """Every connection in use at a peak is not an outage: starting the pool
    again would only open more connections than the database allows."""
    from django.db.backends.postgresql.base import DatabaseWrapper

    pool = connection.pool
    database.start_pools_again(timed_out())
    assert DatabaseWrapper._connection_pools.get(connection.alias) is pool


def test_a_pool_is_started_again_when_the_database_does_not_answer(monkeypatch):
    from django.db.backends.postgresql.base import DatabaseWrapper

    pool = connection.pool
    # The database's port, as if nothing listened there any more.
    monkeypatch.setattr(pool, "kwargs", {**pool.kwargs, "host": "127.0.0.1", "port": 1})
    database.start_pools_again(timed_out())
    assert DatabaseWrapper._connection_pools.get(connection.alias) is not pool
    # At most every two seconds, however many pages wait in vain at once.
    replaced = connection.pool
    monkeypatch.setattr(replaced, "kwargs", {**replaced.kwargs, "host": "127.0.0.1", "port": 1})
    database.start_pools_again(timed_out())
    assert DatabaseWrapper._connection_pools.get(connection.alias) is replaced
