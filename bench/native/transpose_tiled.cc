// See transpose.h.
#include "transpose.h"

int main(int argc, char** argv) { return transpose_main<true>(argc, argv, "transpose_tiled"); }
