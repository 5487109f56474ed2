# How code above the frame is built.
#
# Everything above the frame is one OBJECT library, kernel_objs, compiled
# freestanding with a private include root that holds only the Linux UAPI
# directories and GCC's freestanding headers. The objects are then merged
# with `ld -r` and every hidden symbol is made local, so the kernel's own
# memcpy, printf-style helpers and so on cannot clash with glibc or the
# sanitizer runtimes when linked into the host process. Only the frame API
# (undefined here) and the upcalls the frame makes into the kernel (declared
# with FRAME_UPCALL in frame/include) stay global.

set(KINCLUDE_DIR ${CMAKE_BINARY_DIR}/kinclude)
set(uapi_arch_dir /usr/include/${CMAKE_LIBRARY_ARCHITECTURE})
if(NOT EXISTS ${uapi_arch_dir}/asm/unistd_64.h)
	message(FATAL_ERROR "Linux UAPI headers missing: run tools/setup-deps")
endif()
execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=include
	OUTPUT_VARIABLE gcc_include OUTPUT_STRIP_TRAILING_WHITESPACE)

file(REMOVE_RECURSE ${KINCLUDE_DIR})
file(MAKE_DIRECTORY ${KINCLUDE_DIR})
file(CREATE_LINK /usr/include/linux ${KINCLUDE_DIR}/linux SYMBOLIC)
file(CREATE_LINK /usr/include/asm-generic ${KINCLUDE_DIR}/asm-generic SYMBOLIC)
file(CREATE_LINK ${uapi_arch_dir}/asm ${KINCLUDE_DIR}/asm SYMBOLIC)
foreach(h stddef.h stdarg.h stdbool.h stdint.h stdint-gcc.h stdalign.h
		stdnoreturn.h stdatomic.h iso646.h)
	file(CREATE_LINK ${gcc_include}/${h} ${KINCLUDE_DIR}/${h} SYMBOLIC)
endforeach()

set(KERNEL_C_FLAGS
	-std=gnu11 -ffreestanding -nostdinc -mgeneral-regs-only
	-fno-stack-protector -fno-common -fvisibility=hidden
	-fno-strict-aliasing -fno-delete-null-pointer-checks
	-Wall -Wextra -Werror -Wno-unused-parameter -Wmissing-prototypes
	-Wstrict-prototypes -Wvla -Wshadow=local
	-isystem ${KINCLUDE_DIR})
if(KERNEL_COVERAGE)
	list(APPEND KERNEL_C_FLAGS --coverage)
endif()
# Bare metal: no red zone (interrupts push on the kernel stack), the kernel
# code model for the higher half, frame pointers for stack walks.
set(KERNEL_METAL_FLAGS -mno-red-zone -mcmodel=kernel -fno-pic -fno-pie
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables)
if(KERNEL_FRAME STREQUAL "x86_64")
	list(APPEND KERNEL_C_FLAGS ${KERNEL_METAL_FLAGS})
endif()

# Tables generated from the UAPI headers, never typed by hand.
set(KGENERATED_DIR ${CMAKE_BINARY_DIR}/kgenerated)
file(MAKE_DIRECTORY ${KGENERATED_DIR}/generated)
add_custom_command(OUTPUT ${KGENERATED_DIR}/generated/syscall_names.h
	COMMAND ${CMAKE_SOURCE_DIR}/tools/gen-syscall-names
		${uapi_arch_dir}/asm/unistd_64.h
		${KGENERATED_DIR}/generated/syscall_names.h
	DEPENDS ${CMAKE_SOURCE_DIR}/tools/gen-syscall-names
		${uapi_arch_dir}/asm/unistd_64.h)
add_custom_target(kgenerated
	DEPENDS ${KGENERATED_DIR}/generated/syscall_names.h)

add_library(kernel_objs OBJECT)
add_dependencies(kernel_objs kgenerated)
target_compile_options(kernel_objs PRIVATE ${KERNEL_C_FLAGS})
target_include_directories(kernel_objs PRIVATE
	${CMAKE_SOURCE_DIR}/kernel/include
	${CMAKE_SOURCE_DIR}/drivers/include
	${CMAKE_SOURCE_DIR}/fs/include
	${CMAKE_SOURCE_DIR}/frame/include
	${KGENERATED_DIR})

# Merge kernel_objs into ${name}.o with hidden symbols localised.
function(kernel_link_above_frame name)
	set(out ${CMAKE_BINARY_DIR}/${name}.o)
	add_custom_command(OUTPUT ${out}
		COMMAND ${CMAKE_LINKER} -r -o ${out}.tmp
			$<TARGET_OBJECTS:kernel_objs>
		COMMAND ${CMAKE_OBJCOPY} --localize-hidden ${out}.tmp ${out}
		COMMAND ${CMAKE_COMMAND} -E remove ${out}.tmp
		DEPENDS kernel_objs $<TARGET_OBJECTS:kernel_objs>
		COMMAND_EXPAND_LISTS
		COMMENT "Linking code above the frame into ${name}.o")
	add_custom_target(${name}_o DEPENDS ${out})
	set(KERNEL_ABOVE_OBJECT ${out} PARENT_SCOPE)
endfunction()
