"""Pending (not collected until the server agrees): reply classes counted per case.
The scenario of test_cases_stats.py has three answered cases whose final classes are
A (S1), A (S2, after re-handling from C) and B (S6); the server counts every reply
(A 2, B 1, C 1), so a re-handled case counts twice and the classes no longer add up
to the cases answered."""

from test_cases_stats import sc, stats  # noqa: F401 (the fixture)


def test_reply_classes_count_each_case_once_by_its_latest_class(sc):
    d = stats(sc)
    assert {k: v for k, v in d["reply_classes"].items() if v} == {"A": 2, "B": 1}
