/*
 * Circular doubly linked lists with a sentinel head.
 */
#pragma once

#include <kernel/types.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }

static inline void list_init(struct list_head *head)
{
	head->next = head;
	head->prev = head;
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

static inline void list_insert(struct list_head *node, struct list_head *prev,
			       struct list_head *next)
{
	next->prev = node;
	node->next = next;
	node->prev = prev;
	prev->next = node;
}

/* Add node at the front of the list. */
static inline void list_add(struct list_head *node, struct list_head *head)
{
	list_insert(node, head, head->next);
}

/* Add node at the back of the list. */
static inline void list_add_tail(struct list_head *node, struct list_head *head)
{
	list_insert(node, head->prev, head);
}

/* Unlink node and leave it pointing at itself (list_empty() is true). */
static inline void list_del(struct list_head *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	list_init(node);
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)

#define list_first_entry(head, type, member) \
	list_entry((head)->next, type, member)

#define list_for_each_entry(pos, head, member)				     \
	for (pos = list_entry((head)->next, __typeof__(*pos), member);	     \
	     &pos->member != (head);					     \
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))

#define list_for_each_entry_reverse(pos, head, member)			     \
	for (pos = list_entry((head)->prev, __typeof__(*pos), member);	     \
	     &pos->member != (head);					     \
	     pos = list_entry(pos->member.prev, __typeof__(*pos), member))

#define list_for_each_entry_safe(pos, tmp, head, member)		     \
	for (pos = list_entry((head)->next, __typeof__(*pos), member),	     \
	     tmp = list_entry(pos->member.next, __typeof__(*pos), member);   \
	     &pos->member != (head);					     \
	     pos = tmp,							     \
	     tmp = list_entry(tmp->member.next, __typeof__(*tmp), member))
