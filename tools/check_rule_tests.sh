#!/bin/sh
# check_rule_tests.sh TOOL AREA... - the catalogue test: every rule of the
# given areas (PROF, ...) that is not retired (severity off in both
# policies) has a unit test asserting that it fires: a call of one of the
# firing assertions of tests/unit (pv_assert_fires, expect*, fires*,
# count*, esv_report_find) naming the rule id, on a line that is not a
# "quiet" assertion. A rule with only quiet mentions, or none, fails.
set -eu
tool=$1
shift
missing=0
checked=0
for area in "$@"; do
    for id in $("$tool" rules --format json | sed 's/},{"id"/}\n{"id"/g' |
        sed -n 's/^.*"id":"\('"$area"'-[0-9]*\)".*"production":"\([a-z]*\)","test":"\([a-z]*\)".*/\1 \2 \3/p' |
        awk '$2 != "off" || $3 != "off" {print $1}'); do
        checked=$((checked + 1))
        if ! grep -rhE "\b(pv_assert_fires|expect[a-z_0-9]*|esv_report_find|count[a-z_]*|fires[a-z_]*)\([^\"]*\"$id\"" \
            tests/unit | grep -qv quiet; then
            echo "rule $id: no unit test asserts that it fires"
            missing=$((missing + 1))
        fi
    done
done
[ "$checked" -gt 0 ] || { echo "check_rule_tests: no rules read from $tool"; exit 1; }
[ "$missing" -eq 0 ] || { echo "check_rule_tests: $missing rule(s) without a firing test"; exit 1; }
echo "rule tests: $checked rules ($*), each with a test that makes it fire"
