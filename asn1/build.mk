# asn1/build.mk - compiles asn1c's output (generated at build time into
# $(SRC), never committed, never edited) into the archive $(LIB). Called by
# the main Makefile once the sources exist, so the wildcard sees them.
SRCS := $(wildcard $(SRC)/*.c)
OBJS := $(patsubst $(SRC)/%.c,$(OUT)/%.o,$(SRCS))

$(LIB): $(OBJS)
	@rm -f $@
	@ar rcs $@ $(OBJS)
	@echo "asn1: $(words $(OBJS)) generated files compiled into $@"

$(OUT)/%.o: $(SRC)/%.c $(SRC)/.stamp
	@mkdir -p $(OUT)
	@$(CC) $(CFLAGS) -I$(SRC) -c $< -o $@
