#pragma once

#include <QString>

class QLabel;

namespace dmsx::ui {

// A read-only value shown in a form ("Account: 111122223333"). Qt exposes a label to screen
// readers by its accessible name only, so a fixed name such as "Account" would hide the value;
// the name is therefore rebuilt as "<field>: <value>" whenever the value changes. The field is
// the accessible name the .ui file gave the label.
class AccessibleValueLabel
{
public:
    static void setValue(QLabel* label, const QString& value);
    // The same for a value in rich text: the label shows `html`, the name carries its plain text.
    static void setRichValue(QLabel* label, const QString& html);
    static void clear(QLabel* label);
};

} // namespace dmsx::ui
