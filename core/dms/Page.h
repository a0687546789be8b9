#pragma once

#include <QList>
#include <QString>

namespace dmsx {

// One page of a Describe* answer. More pages exist when marker is non-empty (docs/protocol.md §6.1).
template <typename T> struct Page
{
    QList<T> items;
    QString marker;
};

} // namespace dmsx
