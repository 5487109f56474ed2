/* Planted violation of rule "frame-internal-include". */
#include <frame-host/hf.h>
