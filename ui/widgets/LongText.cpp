#include "widgets/LongText.h"

#include "widgets/PlainCopyFilter.h"

#include <QLabel>

namespace dmsx::ui {

namespace {

constexpr QChar kZeroWidthSpace(0x200B);
const char* const kPlainProperty = "dmsxLongText";

} // namespace

QString LongText::breakable(const QString& text, int chunk)
{
    // Only a word longer than `chunk` gets break opportunities, so short texts stay as they are:
    // after each separator ("arn:aws:iam::", "a_b", "host.example"), else every `chunk` characters.
    const auto isSeparator = [](QChar c) {
        return c == QLatin1Char(':') || c == QLatin1Char('/') || c == QLatin1Char('_') ||
               c == QLatin1Char('-') || c == QLatin1Char('.') || c == QLatin1Char('@') ||
               c == QLatin1Char(',');
    };
    const auto isBlank = [](QChar c) { return c.isSpace() || c == kZeroWidthSpace; };
    QString out;
    out.reserve(text.size() + text.size() / qMax(chunk, 1));
    int i = 0;
    while (i < text.size()) {
        if (isBlank(text.at(i))) {
            out += text.at(i++);
            continue;
        }
        int end = i;
        while (end < text.size() && !isBlank(text.at(end)))
            ++end;
        if (end - i <= chunk) {
            out += QStringView(text).mid(i, end - i);
            i = end;
            continue;
        }
        int run = 0;
        for (; i < end; ++i) {
            const QChar c = text.at(i);
            if (run == chunk) {
                out += kZeroWidthSpace;
                run = 0;
            }
            out += c;
            ++run;
            if (isSeparator(c) && i + 1 < end) {
                out += kZeroWidthSpace;
                run = 0;
            }
        }
    }
    return out;
}

QString LongText::plain(const QString& text)
{
    QString out = text;
    out.remove(kZeroWidthSpace);
    return out;
}

QString LongText::toolTip(const QString& text)
{
    return QStringLiteral("<p>%1</p>").arg(breakable(text).toHtmlEscaped());
}

void LongText::show(QLabel* label, const QString& text)
{
    label->setWordWrap(true);
    label->setText(breakable(text));
    label->setToolTip(text.isEmpty() ? QString() : toolTip(text));
    if (!label->findChild<PlainCopyFilter*>(QString(), Qt::FindDirectChildrenOnly))
        label->installEventFilter(new PlainCopyFilter(label));
    label->setProperty(kPlainProperty, text);
}

QString LongText::shown(const QLabel* label)
{
    const QVariant plainText = label->property(kPlainProperty);
    return plainText.isValid() ? plainText.toString() : plain(label->text());
}

QString LongText::elided(const QString& text, int maxChars)
{
    if (text.size() <= maxChars || maxChars < 3)
        return text;
    const int head = (maxChars - 1) / 2;
    const int tail = maxChars - 1 - head;
    return text.left(head) + QChar(0x2026) + text.right(tail);
}

} // namespace dmsx::ui
