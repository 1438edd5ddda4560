"""Wilson intervals against published values and against scipy."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest

from samskab.engine.stats import compare_to_benchmark, proportion, wilson_interval


@pytest.mark.parametrize(
    ("successes", "total", "low", "high"),
    [
        # Newcombe (1998), Table I, method 3 (Wilson score without continuity correction).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (29, 29, 0.8830, 1.0),
    ],
)
def test_wilson_matches_newcombe_1998(successes, total, low, high):
    got_low, got_high = wilson_interval(successes, total)
    assert got_low == pytest.approx(low, abs=5e-5)
    assert got_high == pytest.approx(high, abs=5e-5)


@given(
    st.integers(min_value=1, max_value=500).flatmap(
        lambda n: st.tuples(st.integers(0, n), st.just(n))
    )
)
def test_wilson_agrees_with_scipy(pair):
    successes, total = pair
    expected = binomtest(successes, total).proportion_ci(confidence_level=0.95, method="wilson")
    low, high = wilson_interval(successes, total)
    assert low == pytest.approx(expected.low, abs=1e-9)
    assert high == pytest.approx(expected.high, abs=1e-9)
    assert 0.0 <= low <= successes / total <= high <= 1.0


def test_no_observations_means_no_knowledge():
    assert wilson_interval(0, 0) == (0.0, 1.0)
    assert proportion(0, 0).rate is None
    assert compare_to_benchmark(0, 0, 0.43).verdict == "inconclusive"


@pytest.mark.parametrize("bad", [(-1, 5), (6, 5), (1, -1)])
def test_impossible_counts_are_refused(bad):
    with pytest.raises(ValueError, match="successes"):
        wilson_interval(*bad)


def test_benchmark_comparison():
    assert compare_to_benchmark(90, 100, 0.43).verdict == "above"
    assert compare_to_benchmark(10, 100, 0.43).verdict == "below"
    assert compare_to_benchmark(5, 10, 0.43).verdict == "inconclusive"
    with pytest.raises(ValueError, match="benchmark"):
        compare_to_benchmark(1, 2, 43)
