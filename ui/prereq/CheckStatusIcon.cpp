#include "prereq/CheckStatusIcon.h"

#include <QCoreApplication>
#include <QStyle>

namespace dmsx::ui {

QIcon CheckStatusIcon::icon(PrerequisiteCheck::Status status, const QStyle* style)
{
    using Status = PrerequisiteCheck::Status;
    switch (status) {
    case Status::Passed:
        return QIcon::fromTheme(QStringLiteral("emblem-ok"),
                                style->standardIcon(QStyle::SP_DialogApplyButton));
    case Status::Notice:
        return QIcon::fromTheme(QStringLiteral("dialog-information"),
                                style->standardIcon(QStyle::SP_MessageBoxInformation));
    case Status::Problem:
        return QIcon::fromTheme(QStringLiteral("dialog-error"),
                                style->standardIcon(QStyle::SP_MessageBoxCritical));
    case Status::CouldNotCheck:
        return QIcon::fromTheme(QStringLiteral("dialog-question"),
                                style->standardIcon(QStyle::SP_MessageBoxQuestion));
    case Status::Pending:
        return QIcon::fromTheme(QStringLiteral("view-refresh"),
                                style->standardIcon(QStyle::SP_BrowserReload));
    }
    return QIcon();
}

QString CheckStatusIcon::word(PrerequisiteCheck::Status status)
{
    const auto tr = [](const char* text) { return QCoreApplication::translate("CheckStatusIcon", text); };
    using Status = PrerequisiteCheck::Status;
    switch (status) {
    case Status::Passed:
        return tr("Passed");
    case Status::Notice:
        return tr("Notice");
    case Status::Problem:
        return tr("Problem");
    case Status::CouldNotCheck:
        return tr("Could not check");
    case Status::Pending:
        return tr("Checking…");
    }
    return QString();
}

} // namespace dmsx::ui
