build/obj/lib/profile/verify.o: lib/profile/verify.c \
 include/esv/profile.h include/esv/common.h include/esv/context.h \
 include/esv/policy.h include/esv/rules.h include/esv/report.h \
 lib/profile/checks.h lib/profile/model.h lib/profile/../asn1/saip.h \
 lib/profile/../report/report_internal.h \
 lib/profile/../report/../core/rules_internal.h \
 lib/profile/../report/../core/../rules.def \
 lib/profile/../report/../core/../rules/der.def \
 lib/profile/../report/../core/../rules/prof_core.def \
 lib/profile/../report/../core/../rules/prof_structure.def \
 lib/profile/../report/../core/../rules/prof_ids.def \
 lib/profile/../report/../core/../rules/prof_files.def \
 lib/profile/../report/../core/../rules/prof_security.def \
 lib/profile/../report/../core/../rules/prof_gp.def
include/esv/profile.h:
include/esv/common.h:
include/esv/context.h:
include/esv/policy.h:
include/esv/rules.h:
include/esv/report.h:
lib/profile/checks.h:
lib/profile/model.h:
lib/profile/../asn1/saip.h:
lib/profile/../report/report_internal.h:
lib/profile/../report/../core/rules_internal.h:
lib/profile/../report/../core/../rules.def:
lib/profile/../report/../core/../rules/der.def:
lib/profile/../report/../core/../rules/prof_core.def:
lib/profile/../report/../core/../rules/prof_structure.def:
lib/profile/../report/../core/../rules/prof_ids.def:
lib/profile/../report/../core/../rules/prof_files.def:
lib/profile/../report/../core/../rules/prof_security.def:
lib/profile/../report/../core/../rules/prof_gp.def:
