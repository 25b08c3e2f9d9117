import dataclasses
import datetime
import importlib
import random
import types
from contextlib import contextmanager

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from ajc import cache
from ajc.visibility import Visibility
from findings.models import Item, Party, Theme, ThemedItem
from sessions.edits import content_changed
from sessions.models import Attendance, LearningGroup, Sector, Session, TopicHeading

# Inside ``one_edit``: the sessions whose content the objects made so far changed (None: no
# edit is open, and each object's change is made as it is created).
_one_edit = {"sessions": None}


class ContentFactory(factory.django.DjangoModelFactory):
    """Content made as the admin makes it: saved, then what the change causes
    (``sessions.edits.content_changed``), once its post-generation steps (themes) are done."""

    class Meta:
        abstract = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if not create:
            return
        if _one_edit["sessions"] is None:
            content_changed(**cls.change_of(instance))
        else:
            _one_edit["sessions"].update(cls.change_of(instance)["sessions"])

    @classmethod
    def change_of(cls, instance) -> dict:
        return {"sessions": [instance.session_id]}


@contextmanager
def one_edit():
    """Content made as one edit, as an import or the loaders make it: what it causes
    (``content_changed``) once at the end, for every item of the sessions the objects made
    inside changed, rather than after each object. The result is the same, made in a fraction
    of the time (``build_world``, made for a hundred-odd tests in each pass)."""
    _one_edit["sessions"] = set()
    try:
        yield
    finally:
        sessions, _one_edit["sessions"] = _one_edit["sessions"], None
    content_changed(sorted(sessions))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    password = factory.django.Password("a long enough passphrase")


# Every facilitator the factories make has set up two-factor authentication with this secret
# (the admin opens only then); tests compute the current code with pyotp.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def add_second_factor(user, secret=TOTP_SECRET):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)
    return user


class FacilitatorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"facilitator{n}")
    is_staff = True

    @factory.post_generation
    def facilitators_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(facilitators_group())

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        # FacilitatorFactory(second_factor=False) is a facilitator who has not set one up yet.
        if create and extracted is not False:
            add_second_factor(self)


def facilitators_group():
    """The group the data migration makes; rebuilt the same way after a live-server flush."""
    migration = importlib.import_module("sessions.migrations.0002_facilitators_group")
    # Facilitators set up groups, series and sectors too (issue 10).
    series = importlib.import_module("findings.migrations.0008_facilitators_set_up_series")
    # And follow-up ledgers and tracked risks (issue 12).
    followup = importlib.import_module(
        "followup.migrations.0003_facilitators_delete_what_goes_with_content"
    )
    # And import reports (issue 13).
    imports = importlib.import_module("imports.migrations.0003_facilitators_import_reports")
    # And invite and manage people (issue 26).
    accounts = importlib.import_module(
        "accounts.migrations.0002_facilitators_invite_and_manage_people"
    )
    group, created = Group.objects.get_or_create(name=migration.GROUP)
    if created:
        # After a live server's flush some apps' permissions may not be back yet: take those
        # that exist (a page the group may not open answers 403, which tests see).
        wanted = [
            *migration.codenames(),
            *series.codenames(),
            *followup.codenames(),
            *imports.codenames(),
            *accounts.codenames(),
        ]
        group.permissions.set(
            [
                permission
                for app_label, codename in wanted
                for permission in Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                )
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


class SessionFactory(ContentFactory):
    class Meta:
        model = Session

    @classmethod
    def change_of(cls, instance) -> dict:
        return {"sessions": [instance.pk]}

    group = factory.SubFactory(LearningGroupFactory)
    number = factory.Sequence(lambda n: n + 1)
    subject = factory.Sequence(lambda n: f"Subject {n}")
    location = "Havant"
    date = datetime.date(2012, 4, 1)
    status = Session.Status.HELD
    visibility = Visibility.PUBLIC
    focus = "The session focused on partnership working."
    conclusion = "The group concluded."


class TopicHeadingFactory(ContentFactory):
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


class AttendanceFactory(ContentFactory):
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


class ItemFactory(ContentFactory):
    class Meta:
        model = Item
        skip_postgeneration_save = True

    @classmethod
    def change_of(cls, instance) -> dict:
        return {
            "sessions": [instance.session_id],
            "items": [instance.pk],
        }

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
    can tell from a page which items it shows. Made as one edit (``one_edit``)."""
    with one_edit():
        return _world()


def _world():
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


# A large knowledge base, built fast: for benchmarks and the load test as much as for tests

_CORPUS_WORDS = (
    "commissioners providers partnership working localism payment results funding contract "
    "voluntary sector sustainability risk transfer procurement dialogue evidence base "
    "media influence prevention budgets governance stakeholders service users offenders "
    "probation prison outcomes national local scale market capacity investment social "
    "enterprise collaboration trust relationships accountability innovation consortium "
    "supply chain prime contractor subcontract tender specification value money savings "
    "cost quality performance measures targets incentives reoffending rehabilitation "
    "community courts police health housing employment education training mentoring "
    "volunteers charity"
)
CORPUS_VOCABULARY = _CORPUS_WORDS.split()
# Phrases slipped into about 3% of the items: what a selective search finds.
CORPUS_PHRASES = ["cherry picking", "creaming and parking", "intellectual property", "exclusivity"]
# (slug, name, featured): the Pilot Learning Group's themes; a corpus reuses any already there.
CORPUS_THEMES = [
    ("payment-by-results", "Payment by results", True),
    ("localism", "Localism", True),
    ("partnership-working", "Partnership working", True),
    ("media-and-influence", "Media and influence", True),
    ("funding", "Funding and funding mechanisms", False),
    ("procurement", "Procurement and competitive dialogue", False),
    ("commissioning-models", "Commissioning models", False),
    ("voluntary-sector-sustainability", "Voluntary sector sustainability", False),
    ("risk-transfer", "Risk transfer", False),
    ("cherry-picking", "Cherry picking", False),
    ("stakeholder-engagement", "Stakeholder engagement", False),
    ("evidence-base", "Evidence base", False),
    ("prevention", "Prevention and place-based budgeting", False),
    ("partnership-governance", "Governance of partnerships", False),
    ("social-media", "Social media", False),
    ("relationship-management", "Relationship management", False),
    ("commercial-skills", "Commercial skills", False),
    ("offender-services", "Offender services", False),
]
# On exactly every ``rare_theme_every``-th item and on no other: a selective theme filter.
CORPUS_RARE_THEME = ("exclusivity-clauses", "Exclusivity clauses")
CORPUS_SECTORS = [
    ("public", "Public sector"),
    ("private", "Private sector"),
    ("voluntary", "Voluntary"),
]
CORPUS_KINDS = ["finding"] * 6 + ["risk"] * 2 + ["recommendation"] * 2
CORPUS_VISIBILITY = (["public", "members", "draft"], [90, 7, 3])


@dataclasses.dataclass
class Corpus:
    items: int
    groups: int
    sessions: int
    themes: list  # the common themes, each on about one item in nine
    rare_theme: Theme
    rare_items: int  # how many items carry the rare theme


def build_corpus(
    items: int,
    *,
    rare_theme_every: int = 2000,
    items_per_session: int = 200,
    sessions_per_group: int = 25,
    seed: int = 2012,
    batch_size: int = 10_000,
) -> Corpus:
    """``items`` items, ``items_per_session`` consecutive ones a session (the last session takes
    any remainder), sessions spread over groups of ``sessions_per_group``; all made with
    ``bulk_create`` in batches (a million items in minutes on PostgreSQL).

    Items are six learning points, two risks and two recommendations in ten, in report order;
    each has one to three of the common themes, and every ``rare_theme_every``-th item (the
    first, and each that many after it) also has the rare theme. Sessions and items are 90%
    public, 7% members-only, 3% draft; 40% of learning points have a sector; each
    recommendation answers the last risk before it in its session. The same ``seed`` gives the
    same corpus. Themes and sectors already in the database (the pilot's) are reused by slug;
    groups are new (``corpus-group-N``). No signals run and no history is written, as with any
    bulk_create; the cache's content revision is moved on at the end.
    """
    if rare_theme_every < 1:
        raise ValueError("rare_theme_every must be at least 1")
    rng = random.Random(seed)

    def existing_or_new(model, wanted):
        have = {obj.slug: obj for obj in model.objects.filter(slug__in=[w.slug for w in wanted])}
        model.objects.bulk_create(w for w in wanted if w.slug not in have)
        return list(model.objects.filter(slug__in=[w.slug for w in wanted]).order_by("pk"))

    themes = existing_or_new(
        Theme,
        [
            Theme(slug=slug, name=name, featured=featured, description=f"About {name.lower()}.")
            for slug, name, featured in CORPUS_THEMES
        ],
    )
    slug, name = CORPUS_RARE_THEME
    (rare_theme,) = existing_or_new(
        Theme, [Theme(slug=slug, name=name, description="A theme few items have.")]
    )
    sectors = existing_or_new(
        Sector,
        [Sector(slug=slug, name=name, order=n) for n, (slug, name) in enumerate(CORPUS_SECTORS)],
    )

    session_count = max(1, items // items_per_session)
    group_count = max(1, session_count // sessions_per_group)
    groups = LearningGroup.objects.bulk_create(
        LearningGroup(
            slug=f"corpus-group-{n}",
            name=f"Learning group {n:03d}",
            focus="provider development",
            introduction="A learning group.",
        )
        for n in range(group_count)
    )
    now = timezone.now()
    sessions = []
    for n in range(session_count):
        visibility = rng.choices(*CORPUS_VISIBILITY)[0]
        sessions.append(
            Session(
                group=groups[n % group_count],
                number=n // group_count + 1,
                subject=f"Subject {n}",
                location="Havant",
                date=datetime.date(2012, 1, 1) + datetime.timedelta(days=30 * (n // group_count)),
                status=Session.Status.HELD,
                visibility=visibility,
                published_at=None if visibility == Visibility.DRAFT else now,
                conclusion="The group concluded.",
            )
        )
    sessions = Session.objects.bulk_create(sessions, batch_size=batch_size)

    parties = [value for value, _ in Party.choices]
    agreements = [value for value, _ in Item.Agreement.choices]
    strengths = [value for value, _ in Item.Strength.choices]
    last_risk = {}
    rare_items = 0
    for start in range(0, items, batch_size):
        batch = []
        for n in range(start, min(start + batch_size, items)):
            kind = CORPUS_KINDS[n % len(CORPUS_KINDS)]
            batch.append(
                Item(
                    session=sessions[min(n // items_per_session, session_count - 1)],
                    kind=kind,
                    kind_order=Item.KIND_ORDER[kind],
                    order=n,
                    text=corpus_sentence(rng),
                    visibility=rng.choices(*CORPUS_VISIBILITY)[0],
                    agreement=rng.choice(agreements) if kind == "finding" else "",
                    exposed=rng.choice(parties) if kind == "risk" else "",
                    audience=rng.choice(parties) if kind == "recommendation" else "",
                    strength=rng.choice(strengths) if kind == "recommendation" else "",
                )
            )
        created = Item.objects.bulk_create(batch)
        themed, voiced, answers = [], [], []
        for n, item in enumerate(created, start=start):
            for theme in rng.sample(themes, rng.randint(1, 3)):
                themed.append(ThemedItem(content_object_id=item.pk, tag_id=theme.pk))
            if n % rare_theme_every == 0:
                themed.append(ThemedItem(content_object_id=item.pk, tag_id=rare_theme.pk))
                rare_items += 1
            if item.kind == "finding" and rng.random() < 0.4:
                sector = rng.choice(sectors)
                voiced.append(Item.sectors.through(item_id=item.pk, sector_id=sector.pk))
            elif item.kind == "risk":
                last_risk[item.session_id] = item.pk
            elif item.kind == "recommendation" and item.session_id in last_risk:
                answers.append(
                    Item.answers.through(
                        from_item_id=item.pk, to_item_id=last_risk[item.session_id]
                    )
                )
        ThemedItem.objects.bulk_create(themed)
        Item.sectors.through.objects.bulk_create(voiced)
        Item.answers.through.objects.bulk_create(answers)
    cache.invalidate()
    return Corpus(
        items=items,
        groups=group_count,
        sessions=session_count,
        themes=themes,
        rare_theme=rare_theme,
        rare_items=rare_items,
    )


def corpus_sentence(rng: random.Random) -> str:
    words = rng.choices(CORPUS_VOCABULARY, k=rng.randint(18, 45))
    if rng.random() < 0.03:
        words.insert(rng.randrange(len(words)), rng.choice(CORPUS_PHRASES))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def big_session(items=40):
    """A session of the pilot group with ``items`` items of every kind (for the admin's speed
    test and benchmark): topic headings, sectors present, a programme, themes and sectors."""
    group = LearningGroup.objects.first() or LearningGroupFactory()
    last = Session.objects.filter(group=group).order_by("-number").first()
    session = SessionFactory(group=group, number=(last.number + 1 if last else 1))
    topics = [TopicHeadingFactory(session=session, order=n) for n in range(3)]
    sectors = [SectorFactory() for _ in range(3)]
    for sector in sectors:
        AttendanceFactory(session=session, sector=sector, headcount=None)
    themes = [ThemeFactory() for _ in range(4)]
    kinds = [Item.Kind.FINDING, Item.Kind.RISK, Item.Kind.RECOMMENDATION, Item.Kind.QUESTION]
    for n in range(items):
        kind = kinds[n % len(kinds)]
        item = Item.objects.create(
            session=session,
            kind=kind,
            topic=topics[n % len(topics)],
            order=n + 1,
            text=f"Item {n}: " + "A passage of the report, as the group wrote it. " * 12,
            exposed="commissioners" if kind == Item.Kind.RISK else "",
            audience="commissioners" if kind == Item.Kind.RECOMMENDATION else "",
        )
        item.themes.set(themes[: 1 + n % len(themes)])
        item.sectors.set(sectors[: 1 + n % len(sectors)])
    return session
