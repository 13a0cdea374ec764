#include "help_dialogs.h"

#include <QAction>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include "saker/rules/ruleset.h"

namespace saker::inspector {

namespace {

QString plain(QString text) {
  return text.remove('&');
}

void collect(const QMenu* menu, const QString& path, QStringList& out) {
  for (const QAction* a : menu->actions()) {
    if (a->menu()) {
      collect(a->menu(), path + " > " + plain(a->text()), out);
    } else if (!a->shortcut().isEmpty()) {
      out << QStringLiteral("%1 > %2\t%3")
                 .arg(path, plain(a->text()), a->shortcut().toString(QKeySequence::NativeText));
    }
  }
}

}  // namespace

QString shortcut_reference(const QMenuBar* menus) {
  QStringList lines;
  for (const QAction* a : menus->actions())
    if (a->menu()) collect(a->menu(), plain(a->text()), lines);
  return lines.join('\n');
}

QString about_text() {
  return QStringLiteral(
             "Saker Inspector %1\n\nQt %2 (built with %3)\nRules engine %4 (Falco's "
             "required_engine_version is compared with it)\n\nReads .scap captures of Falco, sysdig and "
             "Saker, plain, gzip or zstd.")
      .arg(QCoreApplication::applicationVersion(), qVersion(), QT_VERSION_STR,
           QString::fromStdString(rules::engine_version()));
}

void show_shortcuts(QWidget* parent, const QMenuBar* menus) {
  QDialog dialog(parent);
  dialog.setWindowTitle(QObject::tr("Keyboard shortcuts"));
  auto* layout = new QVBoxLayout(&dialog);
  auto* text = new QPlainTextEdit(shortcut_reference(menus), &dialog);
  text->setReadOnly(true);
  text->setTabStopDistance(text->fontMetrics().horizontalAdvance(QString(40, 'x')));
  layout->addWidget(text);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
  QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  layout->addWidget(buttons);
  dialog.resize(560, 420);
  dialog.exec();
}

void show_about(QWidget* parent) {
  QMessageBox::about(parent, QObject::tr("About Saker Inspector"), about_text());
}

}  // namespace saker::inspector
