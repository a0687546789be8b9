#pragma once
// A test that builds a child's environment from nothing (so the developer's AWS settings never
// reach it) passes it through withSanitizerOptions: in build-asan the child then reports to where
// the sanitizer_reports test reads, with the suppressions of tests/sanitizers/, like the test
// itself. Elsewhere the variables are not set and nothing is added.

#include <QProcessEnvironment>

namespace sanitizers {

QProcessEnvironment withSanitizerOptions(QProcessEnvironment env);

} // namespace sanitizers
