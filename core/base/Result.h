#pragma once

#include "base/Fault.h"

#include <optional>
#include <utility>

namespace dmsx {

// A value or a Fault. Core code returns these instead of throwing or logging.
template <typename T> class Result
{
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Fault fault) : m_fault(std::move(fault)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return *m_value; }
    T& value() & { return *m_value; }
    T&& value() && { return std::move(*m_value); }
    const T* operator->() const { return &*m_value; }
    const T& operator*() const { return *m_value; }

    const Fault& fault() const { return m_fault; }

private:
    std::optional<T> m_value;
    Fault m_fault;
};

template <> class Result<void>
{
public:
    Result() = default;
    Result(Fault fault) : m_failed(true), m_fault(std::move(fault)) {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Fault& fault() const { return m_fault; }

private:
    bool m_failed = false;
    Fault m_fault;
};

} // namespace dmsx
