// See reduce_sum.h.
#include "reduce_sum.h"

int main(int argc, char** argv) { return reduce_main(argc, argv, "reduce_shared"); }
