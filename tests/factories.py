import datetime
import importlib
import types

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


# A small world for the page tests


def build_world():
    """A small knowledge base with something at every level of visibility.

    Each item's text holds a code word (alphapublic, bravomembers, charliedraft, …) so a test
    can tell from a page which items it shows.
    """
    pbr = ThemeFactory(slug="payment-by-results", name="Payment by results", featured=True)
    localism = ThemeFactory(slug="localism", name="Localism", featured=True)
    funding = ThemeFactory(slug="funding", name="Funding", featured=False)
    voluntary = SectorFactory(slug="voluntary", name="Voluntary and community sector", order=3)
    public_sector = SectorFactory(slug="public", name="Public sector", order=1)
    group = LearningGroupFactory(
        slug="pilot",
        name="Pilot Learning Group",
        introduction="The group meets to share **experience**.",
        findings_sharing="Findings will be shared at an evening seminar.",
    )
    s1 = SessionFactory(
        group=group,
        number=1,
        subject="Models of partnership working",
        location="Havant",
        date=datetime.date(2012, 4, 1),
        visibility=Visibility.PUBLIC,
    )
    s2 = SessionFactory(
        group=group,
        number=2,
        subject="Localism",
        location="Norwich",
        date=datetime.date(2012, 6, 1),
        visibility=Visibility.MEMBERS,
    )
    s3 = SessionFactory(
        group=group,
        number=3,
        subject="Procurement",
        location="Wakefield",
        date=datetime.date(2012, 8, 1),
        visibility=Visibility.DRAFT,
    )
    f1 = FindingFactory(
        session=s1,
        text="Payment by results alphapublic shifts risk to providers.",
        agreement=Item.Agreement.UNANIMOUS,
        themes=[pbr, funding],
    )
    f1.sectors.add(voluntary)
    f2 = FindingFactory(
        session=s1,
        text="Localism bravomembers needs local budgets.",
        visibility=Visibility.MEMBERS,
        agreement=Item.Agreement.SOME,
        themes=[localism],
    )
    f2.sectors.add(public_sector)
    f3 = FindingFactory(
        session=s1,
        text="Localism charliedraft is unfinished.",
        visibility=Visibility.DRAFT,
        themes=[localism],
    )
    r1 = RiskFactory(
        session=s1,
        text="Cherry picking deltarisk leaves the hardest cases behind.",
        exposed="service_users",
        themes=[pbr],
    )
    rec1 = RecommendationFactory(
        session=s1,
        text="Commissioners should echorecommend proceed with caution.",
        audience="commissioners",
        themes=[pbr],
    )
    rec1.answers.add(r1)
    rec2 = RecommendationFactory(
        session=s1,
        text="Providers should foxtrotmembers share data.",
        audience="providers",
        visibility=Visibility.MEMBERS,
        themes=[pbr],
    )
    rec2.answers.add(r1)
    f4 = FindingFactory(
        session=s2, text="Localism golfsession works in Norwich.", themes=[localism, funding]
    )
    f5 = FindingFactory(session=s3, text="Localism hoteldraftsession.", themes=[localism])
    return types.SimpleNamespace(**locals())


PUBLIC_WORDS = {"alphapublic", "deltarisk", "echorecommend"}
MEMBER_WORDS = PUBLIC_WORDS | {"bravomembers", "foxtrotmembers", "golfsession"}
FACILITATOR_WORDS = MEMBER_WORDS | {"charliedraft", "hoteldraftsession"}
ALL_WORDS = FACILITATOR_WORDS


def words_in(html: str) -> set[str]:
    return {word for word in ALL_WORDS if word in html}
