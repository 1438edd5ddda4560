"""Every rule's explanation has exactly the shape its TypedDict declares (explanations.py).

TypedDicts are checked by mypy where explanations are built and read, not at run time; these
tests hold the real outputs against the declared keys, nested ones included.
"""

from __future__ import annotations

from typing import Any, get_type_hints

import pytest

from samskab.engine.pb import explanations as shapes
from samskab.engine.pb.completion import add1, add1_comparison
from samskab.engine.pb.greedy import greedy, greedy_threshold
from samskab.engine.pb.mes import equal_shares
from samskab.engine.pb.phragmen import sequential_phragmen
from samskab.engine.tests.builders import make_election


def assert_shape(value: dict[str, Any], shape: Any) -> None:
    keys = set(value)
    assert shape.__required_keys__ <= keys, shape.__required_keys__ - keys
    assert keys <= shape.__required_keys__ | shape.__optional_keys__, keys - (
        shape.__required_keys__ | shape.__optional_keys__
    )


NESTED: dict[Any, dict[str, Any]] = {
    shapes.GreedyExplanation: {"order": shapes.GreedyStep},
    shapes.MesExplanation: {"rounds": shapes.MesRoundRecord, "not_bought": shapes.NotBought},
    shapes.PhragmenExplanation: {"rounds": shapes.PhragmenRound},
}


def assert_explanation(explanation: Any, shape: Any) -> None:
    assert_shape(dict(explanation), shape)
    for key, inner in NESTED[shape].items():
        assert explanation[key], f"no {key} to check"
        for item in explanation[key]:
            assert_shape(item, inner)


ELECTION = make_election(
    [20000, 10000, 10000, 10000], [[0, 1], [0, 1], [0, 1], [2], [3], [1, 2]], 30000
)


@pytest.mark.parametrize(
    ("rule", "shape"),
    [
        (greedy, shapes.GreedyExplanation),
        (equal_shares, shapes.MesExplanation),
        (add1, shapes.MesExplanation),
        (add1_comparison, shapes.MesExplanation),
        (sequential_phragmen, shapes.PhragmenExplanation),
    ],
)
def test_each_rule_returns_its_declared_shape(rule, shape):
    assert_explanation(rule(ELECTION).explanation, shape)


def test_optional_keys_appear_where_declared():
    with_threshold = make_election([100, 100], [[0], [0], [1]], 200)
    meta = {"min_project_score_threshold": "2"}
    election = type(with_threshold)(**{**_fields(with_threshold), "meta": meta})
    explained = greedy_threshold(election).explanation
    assert explained["threshold"] == 2
    assert_explanation(explained, shapes.GreedyExplanation)
    compared = add1_comparison(ELECTION).explanation
    assert_shape(compared["comparison"], shapes.Comparison)
    assert {"add1_steps", "mes_runs", "comparison_winner"} <= set(compared)


def test_the_readers_refuse_the_wrong_explanation():
    assert shapes.greedy_explanation(greedy(ELECTION).explanation)["order"]
    assert shapes.mes_explanation(add1(ELECTION).explanation)["rounds"]
    with pytest.raises(ValueError, match="not a greedy"):
        shapes.greedy_explanation(add1(ELECTION).explanation)
    with pytest.raises(ValueError, match="not an equal-shares"):
        shapes.mes_explanation(greedy(ELECTION).explanation)


def test_every_declared_field_has_a_type():
    for shape in (shapes.GreedyExplanation, shapes.MesExplanation, shapes.PhragmenExplanation):
        assert get_type_hints(shape)


def _fields(election: Any) -> dict[str, Any]:
    return {name: getattr(election, name) for name in election.__dataclass_fields__}
