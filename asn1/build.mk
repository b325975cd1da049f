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
# check is switched off for the generated code (only where UBSan is on at
# all).
#
# Its UTF8String_length (UTF8String.c, UTF8String__process) computes
# "dst + dstlen" with dst NULL and dstlen 0 when it only counts: NULL + 0,
# which ISO C also leaves undefined and GCC and Clang define as NULL (the
# pointer is never dereferenced). Every generated SIZE check of a
# UTF8String calls it, and lib/asn1/constraints.c runs those checks on
# every decoded UTF8String (their bounds are not in the PER tables), so
# UBSan's pointer-overflow check is off for the generated code too. Every
# other UBSan check stays on, and ASan still sees every access outside an
# object.
ifneq ($(findstring undefined,$(CFLAGS)),)
ASN1_DEFS += -fno-sanitize=shift-base -fno-sanitize=pointer-overflow
endif

# The runtime's BIT STRING decoding is guarded (lib/asn1/bitstring_guard.c):
# in this one unit its decoder is renamed, and the guard takes its name.
$(OUT)/OCTET_STRING.o: ASN1_DEFS += -DOCTET_STRING_decode_ber=esv_asn1c_OCTET_STRING_decode_ber

# Every block the generated code and the runtime allocate comes from the
# arena of the decode in progress, when there is one (lib/asn1/arena.h):
# in these objects only, their references to calloc, malloc, realloc and
# free are renamed to esv_asn1_calloc, ... (lib/asn1/arena.c), which are
# those four functions whenever no arena is current. Renaming symbols in
# the compiled object, not macros in the source, reaches every call the
# compiler emitted and nothing else (A_SET_OF's member named free stays).
OBJCOPY ?= objcopy
ASN1_RENAME := --redefine-sym calloc=esv_asn1_calloc --redefine-sym malloc=esv_asn1_malloc \
               --redefine-sym realloc=esv_asn1_realloc --redefine-sym free=esv_asn1_free

$(OUT)/%.o: $(SRC)/%.c $(SRC)/.stamp $(lastword $(MAKEFILE_LIST))
	@mkdir -p $(OUT)
	@$(CC) $(CFLAGS) $(ASN1_DEFS) -I$(SRC) -c $< -o $@.tmp
	@$(OBJCOPY) $(ASN1_RENAME) $@.tmp $@ && rm -f $@.tmp
