from allauth.account.decorators import reauthentication_required
from allauth.account.models import EmailAddress
from allauth.core.internal import ratelimit
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from followup.forms import DigestPreferenceForm
from followup.models import DigestPreference

from . import invitations
from .data import delete_account, personal_data
from .forms import AcceptInvitationForm, DeleteAccountForm, NameForm
from .middleware import has_second_factor
from .models import InvitationState
from .people import last_facilitator_refusal

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"

LINK_PROBLEMS = {
    None: (
        404,
        "This invitation link is not valid",
        "The link may have been cut short or changed by your email program. Copy the whole "
        "link from the email, or ask the facilitator who invited you to send it again.",
    ),
    InvitationState.ACCEPTED: (
        410,
        "This invitation has already been used",
        "An invitation link works once, and this one has made an account already. Sign in "
        "with your username or email address; if you have forgotten your password, choose a "
        "new one from the sign-in page.",
    ),
    InvitationState.EXPIRED: (
        410,
        "This invitation has expired",
        "Invitation links work for a limited time, and this one has run out. Ask the "
        "facilitator who invited you to send a new one. No account has been made.",
    ),
    "too many": (
        429,
        "Too many invitation links tried",
        "This network address has tried too many links that do not work. Wait a few minutes, "
        "then copy the whole link from the email again.",
    ),
    "has account": (
        410,
        "This address already has an account",
        "An account with this email address was made after the invitation was sent, so the "
        "invitation is not needed. Sign in with it; if you have forgotten its password, choose "
        "a new one from the sign-in page.",
    ),
    InvitationState.WITHDRAWN: (
        410,
        "This invitation has been withdrawn",
        "The facilitator withdrew it. If you think that is a mistake, ask them to invite you "
        "again. No account has been made.",
    ),
}


@require_safe
def privacy(request):
    return render(request, "accounts/privacy.html")


def link_problem(request, state):
    status, title, explanation = LINK_PROBLEMS[state]
    return render(
        request,
        "accounts/link_problem.html",
        {"title": title, "explanation": explanation},
        status=status,
    )


def _count_link(request, dry_run=False):
    # allauth's rate limiter (its internal call: the public one leaves GET requests alone, and
    # a link is opened with a GET).
    return ratelimit.consume(
        request,
        app="allauth.account",
        action="invitation_link",
        limit_get=True,
        dry_run=dry_run,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token):
    # Guessing links is throttled per network address (ACCOUNT_RATE_LIMITS["invitation_link"]),
    # though a token has 256 random bits.
    if not _count_link(request, dry_run=True):
        return link_problem(request, "too many")
    found = invitations.find(token)
    if found is None:
        _count_link(request)
    if found is None or found.state != InvitationState.SENT:
        return link_problem(request, found and found.state)
    if invitations.has_account(found.email):
        return link_problem(request, "has account")
    form = AcceptInvitationForm(
        request.POST or None,
        invitation=found,
        initial={"name": found.name, "username": found.email.split("@")[0]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = invitations.accept(found, data["username"], data["password1"], data["name"])
        if user is None:  # used by another click in between
            found.refresh_from_db()
            return link_problem(request, found.state)
        login(request, user, backend=BACKEND)
        return redirect(invitations.safe_next(found.next_url))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/invitation_accept.html",
        {"form": form, "invitation": found},
        status=status,
    )


def _devices(request):
    current = request.session.session_key
    return [
        {"session": session, "current": session.session_key == current}
        for session in UserSession.objects.purge_and_list(request.user)
    ]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account(request):
    action = request.POST.get("action")
    preference, _ = DigestPreference.objects.get_or_create(user=request.user)
    name_form = NameForm(
        request.POST if action == "name" else None, instance=request.user, prefix="name"
    )
    digest_form = DigestPreferenceForm(
        request.POST if action == "digests" else None, instance=preference, prefix="digests"
    )
    bound = {"name": name_form, "digests": digest_form}.get(action)
    if bound is not None and bound.is_valid():
        bound.save()
        messages.success(request, "Your account is saved.")
        return redirect("accounts:account")
    context = {
        "name_form": name_form,
        "digest_form": digest_form,
        "follows": request.user.follows.count(),
        "devices": _devices(request),
        "two_factor": has_second_factor(request.user),
        "pending_email": EmailAddress.objects.filter(user=request.user, verified=False).first(),
    }
    status = 400 if bound is not None else 200
    return render(request, "accounts/account.html", context, status=status)


@login_required
@require_safe
def download_data(request):
    response = JsonResponse(personal_data(request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-ajc-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def sign_out_everywhere(request):
    """Ends every session of the account, this one included."""
    for session in UserSession.objects.filter(user=request.user):
        session.end()
    logout(request)
    messages.success(request, "You have been signed out everywhere, on every device.")
    return redirect("login")


def _has_no_password(request):
    return not request.user.has_usable_password()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
# Without a password to type on the form, a recent emailed code proves it is them (allauth's
# re-authentication, as for changing a second factor).
@reauthentication_required(enabled=_has_no_password)
def delete(request):
    # Bound on every post, even one with no fields (someone without a password posts none).
    data = request.POST if request.method == "POST" else None
    form = DeleteAccountForm(data, request=request)
    refusal = last_facilitator_refusal(request.user)
    if request.method == "POST" and refusal is None and form.is_valid():
        delete_account(request.user)
        logout(request)
        messages.success(request, "Your account has been deleted, with what you followed.")
        return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/delete.html", {"form": form, "refusal": refusal}, status=status
    )
