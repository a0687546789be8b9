#pragma once

#include <QFrame>

#include <memory>

namespace Ui {
class MessageBar;
}

namespace dmsx::ui {

// A non-modal bar above the content for things that went wrong in the background (a poll or a
// refresh failed): it says so without taking the keyboard away, offers one optional action
// ("Details…", "Retry") and can be closed. Hidden until showMessage().
class MessageBar : public QFrame
{
    Q_OBJECT
public:
    enum class Type
    {
        Information,
        Warning,
        Error
    };

    explicit MessageBar(QWidget* parent = nullptr);
    ~MessageBar() override;

    // Replaces what is shown; an empty actionText hides the action button.
    void showMessage(const QString& text, Type type = Type::Warning, const QString& actionText = QString());
    QString text() const;
    Type type() const { return m_type; }
    QString actionText() const;

public slots:
    void dismiss();

signals:
    void actionTriggered();
    void dismissed();

private:
    void applyPalette();

    std::unique_ptr<Ui::MessageBar> m_ui;
    Type m_type = Type::Information;
};

} // namespace dmsx::ui
