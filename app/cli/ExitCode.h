#pragma once

#include "base/Fault.h"

namespace dmsx::cli {

// Documented in --help and the README; scripts depend on them, so never renumber.
enum ExitCode : int
{
    ExitOk = 0,
    ExitAwsFault = 1,
    ExitUsage = 2,
    ExitConfiguration = 3,
    ExitNetwork = 4,
    ExitAssociationFailed = 5,
    ExitDeclined = 6, // the confirmation was answered with anything but "yes": nothing was done
    ExitCancelled = 130,
};

inline int exitCodeFor(const Fault& fault)
{
    switch (fault.kind) {
    case FaultKind::Service:
        return ExitAwsFault;
    case FaultKind::Transport:
    case FaultKind::Protocol:
        return ExitNetwork;
    case FaultKind::Credentials:
    case FaultKind::Configuration:
        return ExitConfiguration;
    case FaultKind::Usage:
        return ExitUsage;
    case FaultKind::Cancelled:
        return ExitCancelled;
    case FaultKind::AssociationFailed:
        return ExitAssociationFailed;
    }
    return ExitAwsFault;
}

} // namespace dmsx::cli
