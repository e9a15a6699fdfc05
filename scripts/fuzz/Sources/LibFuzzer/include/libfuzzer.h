/* libFuzzer's entry for programs that have their own main (SwiftPM gives every executable
 * one): runs the fuzzing loop with the command line's options over `callback`. */
#ifndef SHOWCALL_LIBFUZZER_H
#define SHOWCALL_LIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
