# Precompiled Qt headers. Most of a file's compile time is parsing Qt's headers again. CPU time
# of one compile (the same command with and without its PCH, in a built tree):
#   GCC -O2 -g:          tst_profilesdialog 14.7 -> 8.5 s, MainWindow 9.5 -> 7.0 s,
#                        AwsTransport 3.3 -> 2.4 s
#   clang ASan+UBSan:    tst_profilesdialog 20.3 -> 13.9 s, tst_awstime 4.6 -> 1.0 s,
#                        MainWindow 16.0 -> 11.9 s, AwsTransport 4.7 -> 2.4 s
# A PCH costs 10-25 s to build (40-55 MB under clang, up to 380 MB under GCC), so a test shares
# one with the other tests compiled with the same definitions (tests/CMakeLists.txt) and each
# library has its own. OFF: every file parses its own includes, as a developer may want to check
# that a file includes what it uses.
option(DMSX_PCH "Precompile the Qt headers of the libraries and the tests" ON)

# With ccache, a file built with a PCH is cached only when ccache may ignore the PCH's
# definitions and timestamps (ccache's "Precompiled headers" documentation). ccache 4.7 takes
# its settings from the environment, not from its command line, hence env.
if(DMSX_PCH AND CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache")
  set(CMAKE_CXX_COMPILER_LAUNCHER
      env "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      ${CMAKE_CXX_COMPILER_LAUNCHER})
endif()

# Through a PCH, clang 14 no longer sees that Qt's variadic macros (qCWarning(category) with no
# message) come from a system header and warns, under -Wpedantic, at every such use. None of our
# code defines a variadic macro, and GCC, which does not lose track, still checks it. It goes on
# the options target, after its -Wpedantic: a target's own options come first on the command line,
# where -Wpedantic would turn the warning back on.
if(DMSX_PCH)
  target_compile_options(dmsx_project_options INTERFACE
    $<$<CXX_COMPILER_ID:Clang>:-Wno-gnu-zero-variadic-macro-arguments>)
endif()

# clang stamps a PCH with its headers' times, which ccache cannot hash: leave them out.
function(dmsx_pch_options target)
  target_compile_options(${target} PRIVATE "$<$<CXX_COMPILER_ID:Clang>:SHELL:-Xclang -fno-pch-timestamp>")
endfunction()

# dmsx_precompile_qt(target header...): the target precompiles these headers for its own sources.
function(dmsx_precompile_qt target)
  if(DMSX_PCH)
    target_precompile_headers(${target} PRIVATE ${ARGN})
    dmsx_pch_options(${target})
  endif()
endfunction()

# dmsx_reuse_pch(target from): the target compiles with the PCH of `from`, which must have the
# same compile definitions and options (clang refuses a PCH built with other definitions; GCC
# warns, -Winvalid-pch, and parses the headers instead).
function(dmsx_reuse_pch target from)
  if(DMSX_PCH)
    target_precompile_headers(${target} REUSE_FROM ${from})
    dmsx_pch_options(${target})
  endif()
endfunction()
