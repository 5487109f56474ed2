// Unit tests of the host frame's I/O port bus (frame-host/io.c) with the
// 16550 model from sim/, called directly, without booting a kernel.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>

extern "C" {
#include <frame/io.h>
#include <frame-host/hf.h>

#include "uart16550.h"
}

// The host frame calls the kernel's entry only from hf_boot(), which these
// tests never call.
extern "C" void kernel_main(const struct frame_boot_info *)
{
	std::abort();
}

TEST(PortBus, ModelsMayNotOverlap)
{
	static const hf_port_ops ops = {};

	EXPECT_EQ(hf_port_register(0x100, 8, &ops, nullptr), 0);
	EXPECT_EQ(hf_port_register(0x104, 8, &ops, nullptr), -1);
	EXPECT_EQ(hf_port_register(0xfffc, 8, &ops, nullptr), -1);
	EXPECT_EQ(hf_port_register(0x108, 0, &ops, nullptr), -1);
}

TEST(PortBus, RegionsMayNotOverlapOrWrap)
{
	frame_io *a = frame_io_port_acquire(0x200, 8);

	ASSERT_NE(a, nullptr);
	EXPECT_EQ(frame_io_port_acquire(0x207, 2), nullptr);
	EXPECT_EQ(frame_io_port_acquire(0xfff0, 0x20), nullptr);
	EXPECT_EQ(frame_io_port_acquire(0x300, 0), nullptr);
	frame_io_release(a);
	a = frame_io_port_acquire(0x207, 2);
	EXPECT_NE(a, nullptr);
	frame_io_release(a);
}

TEST(PortBus, EmptyPortsReadAllOnes)
{
	frame_io *io = frame_io_port_acquire(0x500, 4);

	ASSERT_NE(io, nullptr);
	EXPECT_EQ(frame_io_read8(io, 0), 0xff);
	EXPECT_EQ(frame_io_read16(io, 0), 0xffff);
	EXPECT_EQ(frame_io_read32(io, 0), 0xffffffffu);
	frame_io_write8(io, 1, 0x12);	// ignored, like an empty ISA slot
	frame_io_release(io);
}

TEST(PortBusDeathTest, AccessOutsideRegionStopsTheKernel)
{
	frame_io *io = frame_io_port_acquire(0x600, 4);

	ASSERT_NE(io, nullptr);
	// The frame reports on the console (stdout); death tests read stderr.
	EXPECT_DEATH({
		dup2(2, 1);
		frame_io_read8(io, 4);
	}, "fatal: I/O access outside its region");
	EXPECT_DEATH({
		dup2(2, 1);
		frame_io_read32(io, 1);
	}, "fatal: I/O access outside its region");
	frame_io_release(io);
}

TEST(Uart16550Model, TransmitsBytesAndKeepsScratch)
{
	char *text = nullptr;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	ASSERT_EQ(sim_uart_attach(0x2f8, 3, out, -1), 0);
	frame_io *io = frame_io_port_acquire(0x2f8, 8);
	ASSERT_NE(io, nullptr);
	EXPECT_EQ(frame_io_read8(io, 5) & 0x20, 0x20);	// THR empty
	frame_io_write8(io, 7, 0x5a);
	EXPECT_EQ(frame_io_read8(io, 7), 0x5a);
	frame_io_write8(io, 3, 0x80);			// DLAB: divisor
	frame_io_write8(io, 0, 0x01);
	frame_io_write8(io, 3, 0x03);
	frame_io_write8(io, 0, 'h');
	frame_io_write8(io, 0, 'i');
	frame_io_release(io);
	fclose(out);
	EXPECT_EQ(std::string(text, len), "hi");
	free(text);
}
