# Sanitizer and fuzzing flags for every target of the tree (included by the root CMakeLists).
#   SAKER_SANITIZE=ON: ASan + UBSan, and undefined behaviour stops the program.
#   SAKER_FUZZ=ON:     the same, plus libFuzzer coverage instrumentation; clang only.
if(SAKER_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SAKER_FUZZ needs clang: configure with CC=clang CXX=clang++ (scripts/fuzz.sh does)")
  endif()
  set(SAKER_SANITIZE ON)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
if(SAKER_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined)
endif()
