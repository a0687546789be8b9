#include "widgets/AccessibleValueLabel.h"

#include "widgets/LongText.h"

#include <QLabel>
#include <QTextDocumentFragment>
#include <QVariant>

namespace dmsx::ui {

namespace {
const char* const kFieldProperty = "dmsxAccessibleField";

QString fieldOf(QLabel* label)
{
    QVariant field = label->property(kFieldProperty);
    if (!field.isValid()) {
        field = label->accessibleName();
        label->setProperty(kFieldProperty, field);
    }
    return field.toString();
}
} // namespace

void AccessibleValueLabel::setValue(QLabel* label, const QString& value)
{
    const QString field = fieldOf(label);
    label->setText(value);
    // A value made breakable by LongText is read as it is.
    const QString spoken = LongText::plain(value);
    label->setAccessibleName(field.isEmpty() ? spoken : field + QLatin1String(": ") + spoken);
}

void AccessibleValueLabel::setRichValue(QLabel* label, const QString& html)
{
    // Paragraphs read as sentences in a row, not as lines.
    setValue(label, QTextDocumentFragment::fromHtml(html).toPlainText().simplified());
    label->setText(html);
}

void AccessibleValueLabel::clear(QLabel* label)
{
    const QString field = fieldOf(label);
    label->clear();
    label->setAccessibleName(field);
}

} // namespace dmsx::ui
