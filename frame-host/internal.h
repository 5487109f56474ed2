/*
 * Private declarations of the host frame.
 */
#pragma once

#include <frame-host/hf.h>

#include "../frame/common/internal.h"

extern const struct hf_config *hf_cfg;

/* clock.c / irq.c */
void hf_irq_init(void);
void hf_irq_raise_vector(unsigned int vector);
void hf_window(void);
void hf_time_pass(uint64_t ns);
void hf_hash_event(uint64_t kind, uint64_t a);
uint64_t hf_event_hash(void);
uint64_t hf_event_count(void);

/* events.c */
bool hf_events_watched(void);
void hf_events_poll(int timeout_ms);

/* context.c */
void hf_context_init(void (*boot_entry)(void *), void *arg);
void hf_context_report(void);

/* boot.c */
int hf_ram_fd(void);
void *hf_ram_at(uint64_t phys, size_t len);
void hf_run_power_off_hooks(void);
