from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from . import invitations
from .forms import AcceptInvitationForm
from .models import InvitationState

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


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token):
    found = invitations.find(token)
    if found is None or found.state != InvitationState.SENT:
        return link_problem(request, found and found.state)
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
