"""Factories for the site-wide models (the hub, themes, partnerships)."""

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from cyscp.models import Document, HubSection, Partnership, Resource, Theme
from cyscp.publishing import Status


class StaffUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.django.Password("correct-horse-battery")


class PublishableFactory(factory.django.DjangoModelFactory):
    """Published a minute ago unless a test says otherwise."""

    class Meta:
        abstract = True

    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(minutes=1))

    class Params:
        draft = factory.Trait(status=Status.DRAFT)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=1))
        )


class HubSectionFactory(PublishableFactory):
    class Meta:
        model = HubSection

    title = factory.Sequence(lambda n: f"Hub section {n}")
    anchor = factory.Sequence(lambda n: f"section-{n}")
    body = factory.LazyAttribute(
        lambda s: f"<p>What practitioners should know about {s.title}.</p>"
    )
    position = factory.Sequence(lambda n: n * 10)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Area {n} Safeguarding Children Partnership")
    slug = factory.Sequence(lambda n: f"area-{n}")
    website = factory.LazyAttribute(lambda p: f"https://{p.slug}.example.org/")
    is_regional = True


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Resource {n}")
    url = factory.Sequence(lambda n: f"https://resources.example.org/{n}")


def pdf_bytes(pages_text="A briefing", padding=0):
    """A small, real PDF: enough for the checks that read a file's signature."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        + f"% {pages_text}\n".encode()
        + b"%" * padding
        + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"Briefing slides {n}")
    slug = factory.Sequence(lambda n: f"briefing-slides-{n}")
    file = factory.LazyAttribute(lambda d: ContentFile(pdf_bytes(d.title), name=f"{d.slug}.pdf"))
