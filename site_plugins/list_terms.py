"""The words of an approved list's rules, shared by its checks (list_checks.py) and its evaluation
(approved_lists.py), which must agree on them and must not import each other's dependencies."""

# The scorecard's measures a rule may test, besides the credential's own fields: name -> what it is.
MEASURES = {
    "standards_met": "MPOS standards met",
    "components_met": "MPOS components met",
    "review_current": "Reviewed within its review cycle",
    "tier": "Quality tier",
}
NUMERIC_MEASURES = ("standards_met", "components_met")
TESTS = ("at_least", "at_most", "is", "in")
