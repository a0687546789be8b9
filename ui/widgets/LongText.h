#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace dmsx::ui {

// Names and values that may be long and have no spaces (a project name may be 255 characters of
// letters and underscores). Qt wraps only at break opportunities, so such a run would set its
// label's minimum width and push a pane, a dialog or the window off the screen. These helpers put
// zero-width spaces into long runs for display only; what is copied, tooltipped or read aloud is
// the text as it was.
class LongText
{
public:
    // `text` with a zero-width space after each separator (: / _ - . @ ,) inside a word and after
    // every `chunk` characters of a run without spaces or separators.
    static QString breakable(const QString& text, int chunk = kChunk);
    // `text` without the zero-width spaces breakable() added.
    static QString plain(const QString& text);
    // Rich text that wraps: for a tooltip, which otherwise draws a long run on one line as wide as
    // it is.
    static QString toolTip(const QString& text);
    // Shows `text` in `label` so it wraps anywhere; the full text is its tooltip, and Ctrl+C and
    // the context menu's Copy copy it without the zero-width spaces.
    static void show(QLabel* label, const QString& text);
    // The text `label` shows through show(), without the zero-width spaces: what Copy copies.
    static QString shown(const QLabel* label);

    // At most `maxChars` characters, the middle given up for "…" (both ends of a name tell similar
    // names apart): for text no widget lays out, such as a desktop notification.
    static QString elided(const QString& text, int maxChars = kNotificationChars);

    static constexpr int kChunk = 20;
    static constexpr int kNotificationChars = 72;
};

} // namespace dmsx::ui
