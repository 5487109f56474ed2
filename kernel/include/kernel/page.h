/*
 * The page allocator's policy: a binary buddy system over the RAM the frame
 * reports at boot. Pages themselves are allocated with frame_page_alloc()
 * (frame/page.h), which asks this policy which pages to hand out.
 */
#pragma once

#include <frame/boot.h>
#include <frame/page.h>

#include <kernel/types.h>

/* Set up the buddy allocator over the boot memory map and register it. */
void page_alloc_init(const struct frame_boot_info *info);

/* Pages currently free in the allocator. */
uint64_t page_alloc_free_pages(void);

/* Pages the allocator manages in all (free or allocated). */
uint64_t page_alloc_total_pages(void);
