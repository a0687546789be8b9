#pragma once

namespace dmsx {

// The value of one hexadecimal digit, or -1 for anything else: for the %XX and \uXXXX escapes
// the redactor and the JSON reader decode.
class HexDigit
{
public:
    static constexpr int value(char16_t c)
    {
        if (c >= u'0' && c <= u'9')
            return c - u'0';
        if (c >= u'a' && c <= u'f')
            return c - u'a' + 10;
        if (c >= u'A' && c <= u'F')
            return c - u'A' + 10;
        return -1;
    }
    static constexpr int value(char c) { return value(char16_t(static_cast<unsigned char>(c))); }
};

} // namespace dmsx
