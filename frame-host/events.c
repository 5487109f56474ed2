/*
 * The host frame's event loop: host file descriptors that device models
 * watch (the console's input, later network sockets), polled with epoll.
 * Ready callbacks run on the CPU thread, between kernel instructions as it
 * were: at interrupt windows and while idle, never inside the kernel's
 * critical sections, and they only move data into device models and raise
 * interrupt lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "internal.h"

#define MAX_WATCHES 16

struct watch {
	int fd;
	void (*ready)(void *ctx);
	void *ctx;
};

static int epfd = -1;
static struct watch watches[MAX_WATCHES];
static unsigned int nwatches;

static void events_init(void)
{
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0) {
		perror("frame-host: epoll_create1");
		exit(2);
	}
}

int hf_watch(int fd, void (*ready)(void *ctx), void *ctx)
{
	struct epoll_event ev = { .events = EPOLLIN };
	unsigned int i;

	if (epfd < 0) {
		events_init();
	}
	for (i = 0; i < MAX_WATCHES && watches[i].ready; i++) {
	}
	if (i == MAX_WATCHES) {
		return -1;
	}
	ev.data.u32 = i;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
		return -1;
	}
	watches[i] = (struct watch){ fd, ready, ctx };
	nwatches++;
	return 0;
}

void hf_unwatch(int fd)
{
	for (unsigned int i = 0; i < MAX_WATCHES; i++) {
		if (watches[i].ready && watches[i].fd == fd) {
			epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
			watches[i].ready = NULL;
			nwatches--;
		}
	}
}

bool hf_events_watched(void)
{
	return nwatches > 0;
}

void hf_events_poll(int timeout_ms)
{
	struct epoll_event evs[MAX_WATCHES];
	int n;

	/*
	 * Before waiting, let out what the machine wrote: a UART sends each
	 * byte at once, and a prompt has no newline to flush it.
	 */
	if (timeout_ms != 0) {
		fflush(stdout);
	}

	if (!nwatches) {
		if (timeout_ms > 0) {
			usleep((useconds_t)timeout_ms * 1000);
		}
		return;
	}
	n = epoll_wait(epfd, evs, MAX_WATCHES, timeout_ms);
	for (int i = 0; i < n; i++) {
		struct watch *w = &watches[evs[i].data.u32];

		if (w->ready) {
			w->ready(w->ctx);
		}
	}
}
