build/obj/cli/common.o: cli/common.c cli/cli.h include/esv/esv.h \
 include/esv/common.h include/esv/version.h include/esv/rules.h \
 include/esv/policy.h include/esv/context.h include/esv/report.h \
 include/esv/der.h include/esv/profile.h
cli/cli.h:
include/esv/esv.h:
include/esv/common.h:
include/esv/version.h:
include/esv/rules.h:
include/esv/policy.h:
include/esv/context.h:
include/esv/report.h:
include/esv/der.h:
include/esv/profile.h:
