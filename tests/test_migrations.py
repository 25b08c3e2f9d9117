"""The migrations match the models, and every one of ours applies, reverses and applies again.

On PostgreSQL (CI's second run) this exercises the real DDL: the search vector's generated
column, its GIN index, the check constraints and the facilitators' data migration.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

OUR_APPS = ("ajc_sessions", "findings")


# makemigrations checks the history of every database it may migrate, the stand-in replica too.
@pytest.mark.django_db(databases=["default", "replica"])
def test_makemigrations_finds_nothing_to_do():
    out = io.StringIO()
    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=out)
    except SystemExit:
        pytest.fail(f"makemigrations --check found model changes:\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()


def our_migrations_in_order() -> list[tuple[str, str]]:
    graph = MigrationExecutor(connection).loader.graph
    ordered = []
    for leaf in sorted(node for node in graph.leaf_nodes() if node[0] in OUR_APPS):
        for node in graph.forwards_plan(leaf):
            if node[0] in OUR_APPS and node not in ordered:
                ordered.append(node)
    return ordered


def applied() -> set[tuple[str, str]]:
    return {key for key in MigrationRecorder(connection).applied_migrations() if key[0] in OUR_APPS}


def reverse_all():
    for app in reversed(OUR_APPS):
        call_command("migrate", app, "zero", verbosity=0, interactive=False)


def apply_all():
    call_command("migrate", verbosity=0, interactive=False)


# No serialised rollback, here or in any test: the suite runs in parallel, file by file in no
# fixed order, and a serialised test that follows another transactional test's flush (which
# makes the content types again, under new ids) cannot restore its copy of them. What the data
# migrations make, the factories make again (factories.facilitators_group).
@pytest.mark.django_db(transaction=True)
def test_each_migration_applies_reverses_and_applies_again():
    ordered = our_migrations_in_order()
    assert ("findings", "0001_initial") in ordered
    assert ("ajc_sessions", "0002_facilitators_group") in ordered
    # Down to nothing, up, down and up again: each migration reverses (from the state it made,
    # every later one already reversed), applies, reverses and applies again, in the order the
    # graph gives. A sweep is one migrate command, which replays the project's state once,
    # rather than one command per migration and step (three times as many, and each replaying
    # the state from the start).
    try:
        reverse_all()
        assert applied() == set(), "some migrations did not reverse"
        apply_all()
        assert applied() == set(ordered), "some migrations did not apply"
        reverse_all()
        assert applied() == set(), "some migrations did not reverse again"
    finally:
        apply_all()

    assert applied() == set(ordered)
    # The data migration ran again on the way up: the facilitators' group is back, with its
    # permissions.
    assert Group.objects.get(name="Facilitators").permissions.exists()
