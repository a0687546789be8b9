#include "widgets/AccessibleValueLabel.h"

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
    label->setAccessibleName(field.isEmpty() ? value : field + QLatin1String(": ") + value);
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
