import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client

from cyscp.staff import EDITOR, PUBLISHER
from tests.factories import StaffUserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing cached: the database is rolled back
    between tests, the cache is not, and pages kept by one test would be
    another's stale pages."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_user(db):
    return StaffUserFactory()


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def editor(db):
    """A member of staff in the Editor group: drafts and submits."""
    user = StaffUserFactory(username="eddie-editor")
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


@pytest.fixture
def publisher(db):
    """A member of staff in the Publisher group."""
    user = StaffUserFactory(username="pat-publisher")
    user.groups.add(Group.objects.get(name=PUBLISHER))
    return user


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def publisher_client(publisher):
    client = Client()
    client.force_login(publisher)
    return client
