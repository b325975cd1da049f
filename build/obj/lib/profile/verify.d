build/obj/lib/profile/verify.o: lib/profile/verify.c \
 include/esv/profile.h include/esv/common.h include/esv/context.h \
 include/esv/policy.h include/esv/rules.h include/esv/report.h \
 lib/profile/../check/der_check.h lib/profile/../check/../der/der.h \
 lib/profile/../check/../report/report_internal.h \
 lib/profile/../check/../report/../core/rules_internal.h \
 lib/profile/../check/../report/../core/../rules.def
include/esv/profile.h:
include/esv/common.h:
include/esv/context.h:
include/esv/policy.h:
include/esv/rules.h:
include/esv/report.h:
lib/profile/../check/der_check.h:
lib/profile/../check/../der/der.h:
lib/profile/../check/../report/report_internal.h:
lib/profile/../check/../report/../core/rules_internal.h:
lib/profile/../check/../report/../core/../rules.def:
