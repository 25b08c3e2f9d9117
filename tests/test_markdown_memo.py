"""Each process keeps the HTML of the texts it rendered lately (``ajc.text``, issue 11): after
an edit a long page converts only the text that changed, and the HTML is always the text's own."""

import types

from ajc import text


def test_a_text_is_converted_once_and_a_changed_text_again(monkeypatch):
    converted = []
    clean = text.nh3.clean

    def counting(html, **options):
        converted.append(html)
        return clean(html, **options)

    monkeypatch.setattr(text, "nh3", types.SimpleNamespace(clean=counting))
    text._render.cache_clear()
    first = [text.render_markdown(f"Point **{n}** of the session.") for n in range(200)]
    again = [text.render_markdown(f"Point **{n}** of the session.") for n in range(200)]
    assert len(converted) == 200 and again == first
    assert text.render_markdown("Point **7** of the session, edited.") == (
        "<p>Point <strong>7</strong> of the session, edited.</p>"
    )
    assert len(converted) == 201


def test_what_is_kept_is_still_sanitised():
    text._render.cache_clear()
    for _ in range(2):
        html = text.render_markdown('Hello <script>alert("x")</script> [a](javascript:alert(1))')
        assert "<script" not in html and "javascript:" not in html
