build/obj/lib/report/policy.o: lib/report/policy.c \
 lib/report/policy_internal.h include/esv/policy.h include/esv/common.h \
 include/esv/rules.h lib/report/../core/rules_internal.h \
 lib/report/../core/../rules.def lib/report/../core/../rules/der.def \
 lib/report/../core/../rules/prof_core.def \
 lib/report/../core/../rules/prof_structure.def \
 lib/report/../core/../rules/prof_ids.def \
 lib/report/../core/../rules/prof_files.def \
 lib/report/../core/../rules/prof_security.def \
 lib/report/../core/../rules/prof_gp.def
lib/report/policy_internal.h:
include/esv/policy.h:
include/esv/common.h:
include/esv/rules.h:
lib/report/../core/rules_internal.h:
lib/report/../core/../rules.def:
lib/report/../core/../rules/der.def:
lib/report/../core/../rules/prof_core.def:
lib/report/../core/../rules/prof_structure.def:
lib/report/../core/../rules/prof_ids.def:
lib/report/../core/../rules/prof_files.def:
lib/report/../core/../rules/prof_security.def:
lib/report/../core/../rules/prof_gp.def:
