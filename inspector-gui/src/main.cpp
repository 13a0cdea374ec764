// saker-inspector: the Qt6 workstation for captures.
#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>

#include "filter_bar.h"
#include "main_window.h"
#include "theme.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("saker-inspector");
  QApplication::setOrganizationName("Saker");
  QApplication::setApplicationVersion(SAKER_VERSION);
  QCommandLineParser parser;
  parser.setApplicationDescription("Saker Inspector: open a capture, filter, follow and export its events.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("capture", "Capture file to open (.scap, gzip or zstd)");
  QCommandLineOption rules({"r", "rules"},
                           "Rule file or directory to rerun (repeatable; default: Saker's ruleset)", "path");
  QCommandLineOption filter({"f", "filter"}, "Falco filter to apply after loading", "filter");
  QCommandLineOption dark("dark", "Dark theme");
  QCommandLineOption light("light", "Light theme");
  parser.addOption(rules);
  parser.addOption(filter);
  parser.addOption(dark);
  parser.addOption(light);
  parser.process(app);

  bool useDark = QSettings("Saker", "Inspector").value("dark", false).toBool();
  if (parser.isSet(dark)) useDark = true;
  if (parser.isSet(light)) useDark = false;
  saker::inspector::MainWindow w;
  w.setDarkTheme(useDark);
  w.setRulePaths(parser.values(rules));
  if (parser.isSet(filter)) w.filterBar()->setText(parser.value(filter));
  w.resize(1400, 900);
  w.show();
  if (!parser.positionalArguments().isEmpty()) w.openCapture(parser.positionalArguments().first());
  return app.exec();
}
