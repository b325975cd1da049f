# asn1/build.mk - compiles asn1c's output (generated at build time into
# $(SRC), never committed, never edited) into the archive $(LIB). Called by
# the main Makefile once the sources exist, so the wildcard sees them.
SRCS := $(wildcard $(SRC)/*.c)
OBJS := $(patsubst $(SRC)/%.c,$(OUT)/%.o,$(SRCS))

$(LIB): $(OBJS)
	@rm -f $@
	@ar rcs $@ $(OBJS)
	@echo "asn1: $(words $(OBJS)) generated files compiled into $@"

# See ASN1_DEFS in the Makefile: no debug formatting into static buffers.
ASN1_DEFS := -D'ASN_DEBUG(...)=((void)0)' -DASN_THREAD_SAFE

# asn1c 0.9.28's INTEGER conversion (asn_INTEGER2long) shifts negative
# values left. ISO C leaves that undefined; GCC and Clang, the compilers
# esv supports, define it as two's complement (GCC manual, "Integers"
# implementation-defined behavior), and the result is right. Negative
# INTEGERs are valid input, so they cannot be kept out: UBSan's shift-base
# check alone is switched off for the generated code (only where UBSan is
# on at all); every other check stays on.
ifneq ($(findstring undefined,$(CFLAGS)),)
ASN1_DEFS += -fno-sanitize=shift-base
endif

$(OUT)/%.o: $(SRC)/%.c $(SRC)/.stamp $(lastword $(MAKEFILE_LIST))
	@mkdir -p $(OUT)
	@$(CC) $(CFLAGS) $(ASN1_DEFS) -I$(SRC) -c $< -o $@
