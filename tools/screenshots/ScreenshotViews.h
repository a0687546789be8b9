#pragma once

#include <QImage>
#include <QMap>
#include <QPalette>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace dmsx::ui {
class MainWindow;
}

namespace dmsx::screenshots {

// The named views `dms-extpack-screenshots --screenshot FILE --view NAME` can render, called once
// the window has finished loading. Each view may do asynchronous work (select a project, open a
// dialog) and reports exactly once through `done`: an image, or an error text. The other
// *ScreenshotViews classes add their own views (the apply flow adds its dialogs) with add() before
// main() renders.
class ScreenshotViews
{
public:
    using Done = std::function<void(const QImage& image, const QString& error)>;
    using View = std::function<void(ui::MainWindow* window, Done done)>;

    // main (the window after loading), details (a project selected, its requests loaded),
    // empty (the empty state of a region without projects). Idempotent.
    static void registerBuiltIns();
    static void add(const QString& name, const QString& description, View view);
    static bool contains(const QString& name);
    static QStringList names();
    static QString description(const QString& name);
    // Unknown name: done(QImage(), error) at once.
    static void render(const QString& name, ui::MainWindow* window, Done done);
    // The window (or a dialog) as a PNG-ready image, after layouts and pending paints settle.
    static QImage grab(QWidget* widget);
    // "light" (Fusion's own) or "dark": the palettes the screenshots are checked in, so a view
    // that hard-codes a colour shows up in the dark pictures. Unknown names: nullopt.
    static std::optional<QPalette> palette(const QString& name);
    static QStringList paletteNames();

private:
    struct Entry
    {
        QString description;
        View view;
    };
    static QMap<QString, Entry>& registry();
};

} // namespace dmsx::screenshots
