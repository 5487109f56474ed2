/*
 * Device model of QEMU's edu PCI device on the host frame's PCI bus.
 */
#pragma once

/* Put the edu device on the emulated PCI bus; 0 or -1 if the bus is full. */
int sim_edu_attach(void);
