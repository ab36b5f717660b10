"""The radar chart's ring labels (25% to 100%), read with a real XML parser: painted above the team's shape."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from mlops_maturity.report import charts

SVG = "{http://www.w3.org/2000/svg}"


def test_ring_labels_are_drawn_after_the_polygon_so_it_does_not_cover_them() -> None:
    axes = [charts.Axis(name=name, percent=percent) for name, percent in (("A", 100), ("B", 90), ("C", 80))]
    root = ElementTree.fromstring(charts.profile_svg("p", "Profile", axes))
    # SVG paints in document order: what comes later is drawn on top.
    order = list(root.iter())
    shape = next(element for element in order if element.tag == f"{SVG}polygon" and element.get("class") == "profile")
    labels = [element for element in order if element.tag == f"{SVG}text" and element.get("class") == "ring-label"]
    assert [label.text for label in labels] == ["25%", "50%", "75%", "100%"]
    points = [element for element in order if element.tag == f"{SVG}circle"]
    painted_last = max(order.index(element) for element in [shape, *points])
    assert all(order.index(label) > painted_last for label in labels)
    # Where the team's fill lies under a label, a patch of paper right behind it keeps it readable.
    for label in labels:
        back = order[order.index(label) - 1]
        assert back.tag == f"{SVG}rect" and back.get("class") == "ring-label-back", back
        assert back.get("fill") == charts.PAPER
