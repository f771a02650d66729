/* cudashim: every type the runtime API uses, in one include. */
#ifndef CUDASHIM_BUILTIN_TYPES_H
#define CUDASHIM_BUILTIN_TYPES_H

#include "device_types.h"
#include "driver_types.h"
#include "surface_types.h"
#include "texture_types.h"
#include "vector_types.h"

#endif /* CUDASHIM_BUILTIN_TYPES_H */
