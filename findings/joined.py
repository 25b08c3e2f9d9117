"""Relations that apps above findings add to every list's rows (``queries.with_relations``),
so that what they show beside an item comes in the same query as the item: the follow-up app
adds each recommendation's ledger (``followup.apps``). Findings never names them itself."""

_relations: list[str] = []


def join_with_rows(relation: str) -> None:
    """Called once by an app above findings when it starts."""
    if relation not in _relations:
        _relations.append(relation)


def relations() -> list[str]:
    return list(_relations)
