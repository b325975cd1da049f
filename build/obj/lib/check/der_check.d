build/obj/lib/check/der_check.o: lib/check/der_check.c \
 lib/check/der_check.h lib/check/../der/der.h \
 lib/check/../report/report_internal.h include/esv/report.h \
 include/esv/common.h include/esv/rules.h include/esv/context.h \
 include/esv/policy.h lib/check/../report/../core/rules_internal.h \
 lib/check/../report/../core/../rules.def \
 lib/check/../report/../core/../rules/der.def \
 lib/check/../report/../core/../rules/prof_core.def \
 lib/check/../report/../core/../rules/prof_structure.def \
 lib/check/../report/../core/../rules/prof_ids.def \
 lib/check/../report/../core/../rules/prof_files.def \
 lib/check/../report/../core/../rules/prof_security.def \
 lib/check/../report/../core/../rules/prof_gp.def \
 lib/check/../core/context_internal.h lib/check/../core/../der/der.h
lib/check/der_check.h:
lib/check/../der/der.h:
lib/check/../report/report_internal.h:
include/esv/report.h:
include/esv/common.h:
include/esv/rules.h:
include/esv/context.h:
include/esv/policy.h:
lib/check/../report/../core/rules_internal.h:
lib/check/../report/../core/../rules.def:
lib/check/../report/../core/../rules/der.def:
lib/check/../report/../core/../rules/prof_core.def:
lib/check/../report/../core/../rules/prof_structure.def:
lib/check/../report/../core/../rules/prof_ids.def:
lib/check/../report/../core/../rules/prof_files.def:
lib/check/../report/../core/../rules/prof_security.def:
lib/check/../report/../core/../rules/prof_gp.def:
lib/check/../core/context_internal.h:
lib/check/../core/../der/der.h:
