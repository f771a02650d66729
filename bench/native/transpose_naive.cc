// See transpose.h.
#include "transpose.h"

int main(int argc, char** argv) { return transpose_main<false>(argc, argv, "transpose_naive"); }
