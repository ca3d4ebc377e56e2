from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Format, Masterclass, Presentation
from tests.factories import PublishableFactory


class MasterclassFactory(PublishableFactory):
    class Meta:
        model = Masterclass
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Learning Masterclass {n}")
    slug = factory.Sequence(lambda n: f"masterclass-{n}")
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    end = factory.LazyAttribute(lambda m: m.start + timedelta(hours=1))
    format = Format.ONLINE
    joining_details = "A Teams link is sent to everyone who books."
    description = "<p>Learning from local case reviews, with time for questions.</p>"
    booking_url = "https://booking.example.org/masterclass"

    @factory.post_generation
    def presentations(self, create, extracted, **kwargs):
        if create and extracted:
            for position, document in enumerate(extracted):
                Presentation.objects.create(masterclass=self, document=document, position=position)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
