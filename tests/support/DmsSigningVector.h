#pragma once

// The worked DMS SigV4 vector of docs/protocol.md §1.3 (StartExtensionPackAssociation, 2026-01-09
// 12:30:00 UTC, the AWS suite's example key pair): the inputs the signer test starts from.

#include "sigv4/HttpRequestData.h"
#include "sigv4/SigV4Signer.h"

#include <QDateTime>

namespace DmsSigningVector {

inline dmsx::HttpRequestData request()
{
    dmsx::HttpRequestData r;
    r.method = "POST";
    r.path = "/";
    r.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/x-amz-json-1.1")));
    r.headers.append(qMakePair(QByteArray("Host"), QByteArray("dms.us-east-1.amazonaws.com")));
    r.headers.append(qMakePair(QByteArray("X-Amz-Target"),
                               QByteArray("AmazonDMSv20160101.StartExtensionPackAssociation")));
    r.body = "{\"MigrationProjectIdentifier\":\"arn:aws:dms:us-east-1:111122223333:migration-project:"
             "EXAMPLEABCDEFGHIJKLMNOPQRS\"}";
    return r;
}

inline dmsx::SigningParams params()
{
    dmsx::SigningParams p;
    p.credentials.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    p.credentials.secretAccessKey = QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    p.region = QStringLiteral("us-east-1");
    p.service = QStringLiteral("dms");
    p.time = QDateTime(QDate(2026, 1, 9), QTime(12, 30, 0), Qt::UTC);
    return p;
}

} // namespace DmsSigningVector
