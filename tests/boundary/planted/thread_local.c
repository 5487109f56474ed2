/* Planted violation of rule "thread-local": TLS instead of per-CPU data. */
__thread int planted_counter;
