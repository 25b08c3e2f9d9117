"""Follow-up pages: recommendations' ledgers and timelines, the tracked-risk register and heat
map, what a member follows, one-click unsubscribe, feeds, and progress reports.

Every query starts from a ``visible_to(user)`` QuerySet; a hidden thing is a 404 like a
missing one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from ajc.errors import problem
from ajc.pagination import get_page, page_number
from ajc.visibility import Audience, audience_for
from findings.models import Item
from findings.tallies import visible_themes
from reports.views import prepared_pdf
from sessions.models import LearningGroup

from . import progress as progress_report
from .changes import KINDS, changes_about, follow_url, key_of, target_of
from .digests import UNSUBSCRIBE_MAX_AGE, TokenExpired, user_from_token
from .edits import follow_up_changed
from .forms import DigestPreferenceForm, LedgerFilter
from .models import DigestPreference, Follow, FollowUp, TrackedRisk
from .tasks import select_progress

PER_PAGE = 25


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose entries' summaries say they are plain text (``type="text"``): what changed
    is text a facilitator typed, which a feed reader must show as typed, never run as HTML."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def _following(request, kind, target):
    if not request.user.is_authenticated:
        return None
    return Follow.objects.filter(user=request.user, **{kind: target}).exists()


@require_safe
def ledger_list(request):
    ledgers = FollowUp.objects.visible_to(request.user).select_related(
        "recommendation__session__group"
    )
    filterset = LedgerFilter(request.GET, queryset=ledgers)
    if not filterset.is_valid():
        return problem(
            request,
            400,
            "That filter is not one we know",
            "Choose a response and an implementation rating from the lists.",
        )
    page = get_page(Paginator(filterset.qs, PER_PAGE), page_number(request), "recommendations")
    # Until a facilitator records something, every row would read the same: say so instead.
    return render(
        request,
        "followup/followup_list.html",
        {
            "filter": filterset,
            "page": page,
            "count": page.paginator.count,
            "nothing_recorded": not ledgers.recorded().exists(),
        },
    )


@require_safe
def recommendation(request, pk):
    item = get_object_or_404(
        Item.objects.visible_to(request.user)
        .of_kind(Item.Kind.RECOMMENDATION)
        .select_related("session__group"),
        pk=pk,
    )
    ledger, created = FollowUp.objects.get_or_create(recommendation=item)
    if created:
        follow_up_changed([ledger])
    timeline = [
        {"date": entry.date, "kind": "response", "entry": entry} for entry in ledger.entries.all()
    ] + [
        {"date": evidence.date, "kind": "evidence", "entry": evidence}
        for evidence in ledger.visible_evidence(request.user)
    ]
    timeline.sort(key=lambda line: (line["date"], line["kind"] == "evidence"))
    return render(
        request,
        "followup/followup_detail.html",
        {
            "item": item,
            "ledger": ledger,
            "timeline": timeline,
            "following": _following(request, "recommendation", item),
            "follow_kind": "recommendation",
            "follow_key": item.pk,
        },
    )


@require_safe
@login_required
@permission_required("followup.view_followup", raise_exception=True)
def reviews_due(request):
    today = timezone.localdate()
    ledgers = (
        FollowUp.objects.visible_to(request.user)
        .reviews_due(today)
        .select_related("recommendation__session__group")
        .order_by("review_date")
    )
    return render(request, "followup/reviews_due.html", {"ledgers": ledgers, "today": today})


@require_safe
def risk_register(request):
    """The tracked risks are part of the one risk register now: this address goes there."""
    query = request.GET.urlencode()
    target = reverse("findings:risk_list") + (f"?{query}" if query else "") + "#tracked"
    return redirect(target, permanent=True)


@require_safe
def risk_detail(request, slug):
    risk = get_object_or_404(TrackedRisk.objects.visible_to(request.user), slug=slug)
    return render(
        request,
        "followup/trackedrisk_detail.html",
        {
            "risk": risk,
            "trajectory": risk.trajectory(request.user),
            "following": _following(request, "tracked_risk", risk),
            "follow_kind": "tracked_risk",
            "follow_key": risk.slug,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def follow(request):
    """GET: what a member is about to follow, with the button (lists link here, the same for
    every reader); POST: follow it or stop following it."""
    data = request.POST if request.method == "POST" else request.GET
    kind, key = data.get("kind", ""), data.get("key", "")
    target = target_of(kind, key, request.user) if kind in KINDS else None
    if target is None:
        raise Http404("Nothing to follow here.")
    if request.method != "POST":
        return render(
            request,
            "followup/follow_confirm.html",
            {
                "what": KINDS[kind],
                "name": getattr(target, "summary", None) or str(target),
                "target_url": follow_url(kind, target),
                "following": _following(request, kind, target),
                "follow_kind": kind,
                "follow_key": key_of(kind, target),
            },
        )
    if data.get("action") == "unfollow":
        Follow.objects.filter(user=request.user, **{kind: target}).delete()
        messages.success(request, "You no longer follow it.")
    else:
        Follow.objects.get_or_create(user=request.user, **{kind: target})
        DigestPreference.objects.get_or_create(user=request.user)
        messages.success(
            request,
            format_html(
                'You follow it now: changes come in your email digest and its feed. <a href="{}">'
                "Choose how often digests come</a>.",
                reverse("followup:following") + "#digest-settings",
            ),
        )
    return redirect(follow_url(kind, target))


@login_required
def following(request):
    preference, _ = DigestPreference.objects.get_or_create(user=request.user)
    form = DigestPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Your digest settings are saved.")
            return redirect("followup:following")
        return render(
            request, "followup/following.html", _following_context(request, form), status=400
        )
    return render(request, "followup/following.html", _following_context(request, form))


def _following_context(request, form):
    follows = []
    for followed in Follow.objects.filter(user=request.user).select_related(
        "recommendation", "tracked_risk", "theme", "group"
    ):
        kind = followed.target_kind
        target = target_of(kind, key_of(kind, followed.target), request.user)
        if target is not None:
            follows.append(
                {
                    "kind": kind,
                    "what": KINDS[kind],
                    "target": target,
                    "name": getattr(target, "summary", None) or str(target),
                    "key": key_of(kind, target),
                    "url": follow_url(kind, target),
                    "feed": reverse(
                        "followup:feed", kwargs={"kind": kind, "key": key_of(kind, target)}
                    ),
                }
            )
    return {"form": form, "follows": follows, "has_email": bool(request.user.email)}


@csrf_exempt  # the signed token is the authority; mail clients post without a CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET asks (mail scanners open every link in a message); POST unsubscribes: the page's
    button, or a mail program's one-click POST (RFC 8058, ``List-Unsubscribe-Post``)."""
    try:
        user = user_from_token(token)
    except TokenExpired:
        return problem(
            request,
            400,
            "That unsubscribe link has expired",
            f"Unsubscribe links last {UNSUBSCRIBE_MAX_AGE.days} days. The link in your latest "
            "digest works, or sign in and choose 'Following' to stop the digests.",
        )
    if user is None:
        return problem(
            request,
            400,
            "That unsubscribe link is not valid",
            "The link may have been cut short by your email program. Sign in and choose "
            "'Following' to stop the digests.",
        )
    if request.method != "POST":
        response = render(request, "followup/unsubscribe_confirm.html", {"member": user})
        response["Cache-Control"] = "no-store"
        return response
    preference, _ = DigestPreference.objects.get_or_create(user=user)
    preference.subscribed = False
    preference.save(update_fields=["subscribed"])
    return render(request, "followup/unsubscribed.html", {"member": user})


@require_safe
def feed(request, kind, key):
    target = target_of(kind, key, request.user) if kind in KINDS else None
    if target is None:
        raise Http404("No such thing to follow.")
    link = request.build_absolute_uri(follow_url(kind, target))
    name = getattr(target, "summary", None) or str(target)
    atom = PlainTextAtomFeed(
        title=f"AJC learning groups: what changed about {name[:100]}",
        link=link,
        description=f"Changes about {KINDS[kind]} in the AJC learning groups' knowledge base.",
        feed_url=request.build_absolute_uri(),
        language="en-GB",
    )
    for change in changes_about(kind, target, request.user, limit=50):
        atom.add_item(
            title=change.title,
            link=request.build_absolute_uri(change.url),
            description=change.text,
            pubdate=change.when,
            unique_id=f"{request.build_absolute_uri(change.url)}#{change.when.isoformat()}",
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    atom.write(response, "utf-8")
    if audience_for(request.user) != Audience.PUBLIC:
        response["Cache-Control"] = "private"
    return response


def _progress_subject(request, kind, slug):
    if kind == "group":
        return get_object_or_404(LearningGroup.objects.visible_to(request.user), slug=slug)
    return get_object_or_404(visible_themes(request.user), slug=slug)


@require_safe
def progress(request, kind, slug):
    subject = _progress_subject(request, kind, slug)
    report = progress_report.build_progress(request.user, kind, subject)
    return render(
        request,
        "followup/progress.html",
        {
            "progress": report,
            "following": _following(request, kind, subject),
            "follow_kind": kind,
            "follow_key": subject.slug,
        },
    )


@require_safe
def progress_pdf(request, kind, slug):
    """Prepared by the worker, as a session report's PDF is (never in this request), with the
    same bound on what one client may queue and the same revalidated, private caching."""
    subject = _progress_subject(request, kind, slug)
    selection = select_progress(request.user, kind, subject)
    return prepared_pdf(
        request,
        selection,
        f"{slug}-progress.pdf",
        {
            "progress_title": progress_report.progress_title(kind, subject),
            "progress_url": reverse(f"followup:{kind}_progress", kwargs={"slug": slug}),
        },
    )
