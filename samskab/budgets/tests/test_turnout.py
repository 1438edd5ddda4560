from __future__ import annotations

from datetime import date

from samskab.budgets.turnout import age_band, suppress_small_pairs, turnout_table


def test_age_band_on_the_day():
    assert age_band(date(2008, 6, 2), date(2026, 6, 1)) == "15-17"  # 17, birthday tomorrow
    assert age_band(date(2008, 6, 1), date(2026, 6, 1)) == "18-29"
    assert age_band(date(1950, 1, 1), date(2026, 6, 1)) == "65+"
    assert age_band(None, date(2026, 6, 1)) == ""


def test_turnout_table_orders_bands_and_hides_small_groups():
    values = ["65+"] * 6 + ["18-29"] * 5 + ["30-49"] * 4 + [""] * 2
    shown, hidden = turnout_table(values)
    assert shown == [("18-29", 5), ("65+", 6)]
    assert hidden == 6


def test_rare_pairs_lose_the_second_value():
    ages = ["65+"] * 6 + ["18-29"] * 6
    areas = ["7000"] * 6 + ["7000"] * 2 + ["7080"] * 4
    ages_out, areas_out = suppress_small_pairs(ages, areas)
    assert ages_out == ages
    # 7080 has 4 people: dropped as a value; (18-29, 7000) has only 2: dropped as a pair.
    assert areas_out == ["7000"] * 6 + [""] * 6
