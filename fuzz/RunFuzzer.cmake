# Runs one fuzzer as a CTest test: -DFUZZER=exe -DSEEDS=dir -DWORK=dir -DSECONDS=n.
# The corpus it grows and any crashing input go to WORK (wiped first); SEEDS, the repository's
# corpus, is only read (libFuzzer writes new inputs to the first directory alone).
foreach(var FUZZER SEEDS WORK SECONDS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "RunFuzzer.cmake needs -D${var}=...")
  endif()
endforeach()
if(NOT IS_DIRECTORY "${SEEDS}")
  message(FATAL_ERROR "No seed corpus at ${SEEDS}")
endif()

# A UBSan report ends the run like a crash, whether or not the build made its checks fatal.
set(ENV{UBSAN_OPTIONS} "halt_on_error=1:print_stacktrace=1")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/corpus" "${WORK}/artifacts")
execute_process(
  COMMAND "${FUZZER}" -max_total_time=${SECONDS} -rss_limit_mb=2048 -timeout=10
          -print_final_stats=1 "-artifact_prefix=${WORK}/artifacts/" "${WORK}/corpus" "${SEEDS}"
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(GLOB findings "${WORK}/artifacts/*")
  message(FATAL_ERROR "${FUZZER} failed (${result}); inputs that broke it: ${findings}")
endif()
