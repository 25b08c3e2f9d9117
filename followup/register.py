"""The follow-up app's part of the one risk register (``/findings/risks/``): each risk item's
tracked risk with its state and trend, and the section with the heat map and the tracked
risks, filtered by their current state. Registered with ``findings.risk_tracking`` in
``followup.apps``."""

from django.template.loader import render_to_string
from django.urls import reverse

from ajc.cache import Hidden, Policy, cached
from ajc.errors import Problem
from ajc.visibility import audience_for
from findings.risk_tracking import RiskTracking

from .models import HeatMap, Observation, Stage, TrackedRisk


def trajectories(user):
    risks = TrackedRisk.objects.visible_to(user).order_by("title")
    return [(risk, risk.trajectory(user)) for risk in risks]


def tracking_for_register(risk_ids, user) -> dict[int, RiskTracking]:
    observed = (
        Observation.objects.visible_to(user)
        .filter(risk_id__in=list(risk_ids))
        .select_related("tracked_risk")
        .order_by()
    )
    found, trajectory_of = {}, {}
    for observation in observed:
        risk = observation.tracked_risk
        if risk.pk not in trajectory_of:
            trajectory_of[risk.pk] = risk.trajectory(user)
        trajectory = trajectory_of[risk.pk]
        found[observation.risk_id] = RiskTracking(
            title=risk.title,
            state=trajectory.state,
            trend=trajectory.trend,
            url=risk.get_absolute_url(),
            sessions=frozenset(seen.session_id for seen in trajectory.observations),
            items=frozenset(seen.risk_id for seen in trajectory.observations if seen.risk_id),
        )
    return found


def _drew_on_nothing_hidden(previous: dict, hidden: Hidden) -> dict | None:
    if previous["sessions"] & hidden.sessions or previous["items"] & hidden.items:
        return None
    return previous


# Its HTML, with the sessions and risk items it was worked out from.
TRACKED_SECTION = Policy("risk-register-tracked-section", made_safe=_drew_on_nothing_hidden)


def register_section(request) -> str:
    state = request.GET.get("state", "")
    if state and state not in Stage.values:
        raise Problem(
            400,
            heading="That state is not one we know",
            message="Choose a state from the list: raised, revisited, escalated, mitigated "
            "or closed.",
        )
    # Kept per content revision and audience like the register around it (a follow-up change
    # moves the revision on: ``followup.edits.follow_up_changed``), so a warm register asks the
    # database nothing. After an edit that hid sessions or items, given as it was if it drew on
    # none of them (``TRACKED_SECTION``).
    return cached(
        TRACKED_SECTION, audience_for(request.user), lambda: _section(request.user, state), state
    )["html"]


def _section(user, state) -> dict:
    every = trajectories(user)
    observed = [seen for _, trajectory in every for seen in trajectory.observations]
    return {
        "html": _section_html(user, state, every),
        "sessions": frozenset(seen.session_id for seen in observed),
        "items": frozenset(seen.risk_id for seen in observed if seen.risk_id),
    }


def _section_html(user, state, every) -> str:
    counts = dict.fromkeys(Stage.values, 0)
    for _, trajectory in every:
        if trajectory.latest:
            counts[trajectory.latest.stage] += 1
    shown = [
        (risk, trajectory)
        for risk, trajectory in every
        if not state or (trajectory.latest and trajectory.latest.stage == state)
    ]
    return render_to_string(
        "followup/register_section.html",
        {
            "trajectories": shown,
            "total": len(every),
            "heat_map": HeatMap(every),
            "states": [(value, label, counts[value]) for value, label in Stage.choices],
            "state": state,
            "action": reverse("findings:risk_list"),
        },
    )
