import datetime
import importlib

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from ajc.visibility import Visibility
from findings.models import Item, Theme
from sessions.models import Attendance, LearningGroup, Sector, Session, TopicHeading


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    password = factory.django.Password("a long enough passphrase")


class FacilitatorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"facilitator{n}")
    is_staff = True

    @factory.post_generation
    def facilitators_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(facilitators_group())


def facilitators_group():
    """The group the data migration makes; rebuilt the same way after a live-server flush."""
    migration = importlib.import_module("sessions.migrations.0002_facilitators_group")
    group, created = Group.objects.get_or_create(name=migration.GROUP)
    if created:
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in migration.codenames()
            ]
        )
    return group


class LearningGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningGroup
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Learning group {n}")
    slug = factory.Sequence(lambda n: f"learning-group-{n}")
    focus = "provider development"
    introduction = "The group looks at provider development."


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    group = factory.SubFactory(LearningGroupFactory)
    number = factory.Sequence(lambda n: n + 1)
    subject = factory.Sequence(lambda n: f"Subject {n}")
    location = "Havant"
    date = datetime.date(2012, 4, 1)
    status = Session.Status.HELD
    visibility = Visibility.PUBLIC
    focus = "The session focused on partnership working."
    conclusion = "The group concluded."


class TopicHeadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TopicHeading

    session = factory.SubFactory(SessionFactory)
    title = factory.Sequence(lambda n: f"Topic {n}")
    order = factory.Sequence(lambda n: n)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    sector = factory.SubFactory(SectorFactory)
    headcount = 3


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    description = "A theme."


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item
        skip_postgeneration_save = True

    session = factory.SubFactory(SessionFactory)
    kind = Item.Kind.FINDING
    text = factory.Sequence(lambda n: f"Learning point number {n} about partnership working.")
    order = factory.Sequence(lambda n: n)
    visibility = Visibility.PUBLIC
    agreement = factory.Maybe(
        factory.LazyAttribute(lambda o: o.kind == Item.Kind.FINDING),
        yes_declaration=Item.Agreement.BROAD,
        no_declaration="",
    )

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(list(extracted))


class FindingFactory(ItemFactory):
    kind = Item.Kind.FINDING


class RiskFactory(ItemFactory):
    kind = Item.Kind.RISK
    exposed = "commissioners"


class RecommendationFactory(ItemFactory):
    kind = Item.Kind.RECOMMENDATION
    audience = "commissioners"
    strength = Item.Strength.STRONG
