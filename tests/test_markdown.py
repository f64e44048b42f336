"""Markdown in pages: safe HTML, and headings that never skip a level after the page's own."""

from __future__ import annotations

from summit.markdown import render


def test_headings_move_together_so_the_highest_is_the_level_asked_for():
    text = "### Decisions\n\n#### Funding\n\nAgreed.\n"
    assert render(text, top_heading=2) == "<h2>Decisions</h2>\n<h3>Funding</h3>\n<p>Agreed.</p>\n"
    assert render(text) == "<h3>Decisions</h3>\n<h4>Funding</h4>\n<p>Agreed.</p>\n"
    assert render("# Big\n\n## Less\n") == "<h3>Big</h3>\n<h4>Less</h4>\n"  # never an h1 inside a page


def test_scripts_and_unknown_schemes_are_removed():
    html = render("[x](javascript:alert(1)) <script>alert(1)</script>")
    assert "href=" not in html and "<script" not in html
