# One INTERFACE target carries the language level, the warnings and the Qt hygiene
# defines; every target links it instead of relying on global settings.
add_library(dmsx_project_options INTERFACE)
target_compile_features(dmsx_project_options INTERFACE cxx_std_17)
target_compile_options(dmsx_project_options INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wno-missing-field-initializers>)
target_compile_definitions(dmsx_project_options INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_CAST_FROM_BYTEARRAY
  QT_NO_URL_CAST_FROM_STRING
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_NO_FOREACH
  QT_USE_QSTRINGBUILDER
  QT_DISABLE_DEPRECATED_BEFORE=0x060400)
set_target_properties(dmsx_project_options PROPERTIES
  INTERFACE_POSITION_INDEPENDENT_CODE ON)

option(DMSX_SANITIZE "Build everything with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
# A fuzzer never runs without them.
if(DMSX_SANITIZE OR DMSX_BUILD_FUZZERS)
  set(dmsx_sanitize ON)
else()
  set(dmsx_sanitize OFF)
endif()

# Hardening as Debian builds its own packages (dpkg-buildflags), since the .deb is packed from
# this build: stack protector and clash protection, format-string checks, full RELRO with
# immediate binding, and glibc's fortified functions where the optimiser can apply them (they
# need -O; a Debug build would only warn). Not under DMSX_SANITIZE: ASan does not intercept every
# fortified variant (__memcpy_chk...), and sees each access itself without them.
target_compile_options(dmsx_project_options INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-fstack-protector-strong -fstack-clash-protection -Wformat -Werror=format-security>
  $<$<AND:$<CXX_COMPILER_ID:GNU,Clang>,$<CONFIG:Release,RelWithDebInfo,MinSizeRel>,$<NOT:$<BOOL:${dmsx_sanitize}>>>:-D_FORTIFY_SOURCE=2>)
target_link_options(dmsx_project_options INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:LINKER:-z,relro LINKER:-z,now>)

# The linker: lld (scripts/install-deps.sh installs it) for GCC and clang alike. The suite links
# ~90 executables in each of two trees; ld.bfd took 3-5 times lld's CPU time for each (the same
# link command with -fuse-ld=bfd and =lld, ASan tree: tst_profilesdialog 1.8 s against 0.6 s,
# dms-extpack 2.3 s against 0.5 s). Same hardening: PIE, full RELRO, immediate binding (readelf
# -d: FLAGS BIND_NOW, FLAGS_1 NOW PIE), and lintian passes the package in the package_deb test.
# Empty: the compiler's default linker.
set(DMSX_LINKER "lld" CACHE STRING "Linker for -fuse-ld= (lld, gold, bfd; empty: the compiler's default)")
if(DMSX_LINKER)
  include(CheckLinkerFlag)
  check_linker_flag(CXX "-fuse-ld=${DMSX_LINKER}" DMSX_LINKER_WORKS_${DMSX_LINKER})
  if(DMSX_LINKER_WORKS_${DMSX_LINKER})
    target_link_options(dmsx_project_options INTERFACE "-fuse-ld=${DMSX_LINKER}")
  else()
    message(STATUS "-fuse-ld=${DMSX_LINKER} does not link here: the compiler's default linker")
  endif()
endif()

# ASan+UBSan for the whole tree (scripts/test.sh builds build-asan with it): every target links
# dmsx_project_options, so the programs the integration tests start are instrumented too. A UBSan
# finding aborts instead of printing and carrying on, so it fails the test that hit it.
if(dmsx_sanitize)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    message(FATAL_ERROR "DMSX_SANITIZE needs GCC or Clang")
  endif()
  set(dmsx_sanitize_flags -fsanitize=address,undefined -fno-omit-frame-pointer
                          -fno-sanitize-recover=undefined)
  target_compile_options(dmsx_project_options INTERFACE ${dmsx_sanitize_flags})
  target_link_options(dmsx_project_options INTERFACE ${dmsx_sanitize_flags})
endif()
