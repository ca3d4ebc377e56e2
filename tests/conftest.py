import pytest
from django.contrib.auth.models import Group
from django.test import Client

from cyscp.staff import EDITOR, PUBLISHER
from tests.factories import StaffUserFactory


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
