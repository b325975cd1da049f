build/obj/lib/report/report.o: lib/report/report.c \
 lib/report/report_internal.h include/esv/report.h include/esv/common.h \
 include/esv/rules.h include/esv/context.h include/esv/policy.h \
 lib/report/../core/rules_internal.h lib/report/../core/../rules.def \
 lib/report/../core/../rules/der.def \
 lib/report/../core/../rules/prof_core.def \
 lib/report/../core/../rules/prof_structure.def \
 lib/report/../core/../rules/prof_ids.def \
 lib/report/../core/../rules/prof_files.def \
 lib/report/../core/../rules/prof_security.def \
 lib/report/../core/../rules/prof_gp.def lib/report/policy_internal.h
lib/report/report_internal.h:
include/esv/report.h:
include/esv/common.h:
include/esv/rules.h:
include/esv/context.h:
include/esv/policy.h:
lib/report/../core/rules_internal.h:
lib/report/../core/../rules.def:
lib/report/../core/../rules/der.def:
lib/report/../core/../rules/prof_core.def:
lib/report/../core/../rules/prof_structure.def:
lib/report/../core/../rules/prof_ids.def:
lib/report/../core/../rules/prof_files.def:
lib/report/../core/../rules/prof_security.def:
lib/report/../core/../rules/prof_gp.def:
lib/report/policy_internal.h:
