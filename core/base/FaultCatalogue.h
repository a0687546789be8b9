#pragma once

#include "base/Fault.h"

#include <QString>
#include <QStringList>

namespace dmsx {

// What a fault means in plain words and what to do about it.
struct FaultExplanation
{
    QString title;
    QString cause;
    QStringList steps;
    bool retryCanHelp = false;
    QString iamAction;    // the dms:* action to allow, for access denied
    QString catalogueKey; // which catalogue entry answered ("Generic" when none knew the code)
};

// The one table of user-facing error explanations (translation context "FaultCatalogue").
class FaultCatalogue
{
public:
    static FaultExplanation explain(const Fault& fault);

    // Plain text for the CLI: title, cause, numbered steps, then code, message, HTTP status, request
    // id, operation, endpoint, attempts, time; passed through Redactor.
    static QString formatText(const Fault& fault);

    // The IAM action behind a DMS operation, e.g. StartExtensionPackAssociation ->
    // dms:AssociateExtensionPack; empty for an unknown operation.
    static QString iamActionForOperation(const QString& operation);

    // A fault that signing in to IAM Identity Center again resolves: no token, an expired,
    // unreadable or revoked one, or a refresh refused. The window offers "Sign in…" for these.
    static bool signInHelps(const Fault& fault);

    // Every code with an entry of its own (for tests and documentation).
    static QStringList knownCodes();

    // Keyword classification of a FAILED association's message: "AssociationFailed.Privileges",
    // ".Secret", ".Connectivity", ".S3", ".KMS", ".Capacity", ".Canceled" or ".Other".
    static QString associationFailureKey(const QString& message);
};

} // namespace dmsx
