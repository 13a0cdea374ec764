// saker-inspector: the Qt6 workstation for captures.
#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>
#include <cstdio>
#include <cstring>

#include "allocator_settings.h"
#include "filter_bar.h"
#include "main_window.h"
#include "theme.h"

namespace {

struct Options {
  QCommandLineOption rules{
      {"r", "rules"}, "Rule file or directory to rerun (repeatable; default: Saker's ruleset)", "path"};
  QCommandLineOption filter{{"f", "filter"}, "Falco filter to apply while loading", "filter"};
  QCommandLineOption fleet{"fleet",
                           "Open the fleet window on a ClickHouse server's HTTP interface (saker fleet "
                           "init and saker ship filled it)",
                           "url"};
  QCommandLineOption fleetDatabase{"fleet-database", "The fleet's database (default: saker)", "name",
                                   "saker"};
  QCommandLineOption dark{"dark", "Dark theme (remembered otherwise from View > Dark theme)"};
  QCommandLineOption light{"light", "Light theme"};
  QCommandLineOption screenshot{
      "screenshot",
      "Open the capture, wait until loading, filtering and rules are done, save the "
      "window as a PNG and exit (works with QT_QPA_PLATFORM=offscreen)",
      "file"};
};

void describe(QCommandLineParser& parser, Options& o) {
  parser.setApplicationDescription(
      "Saker Inspector: open a capture, filter it with Falco filters, rerun rules, follow fds and export "
      "events; or open a fleet (--fleet) and its captures.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(
      "capture", "Capture file to open (.scap, gzip or zstd); several open merged by time", "[capture...]");
  parser.addOption(o.rules);
  parser.addOption(o.filter);
  parser.addOption(o.fleet);
  parser.addOption(o.fleetDatabase);
  parser.addOption(o.dark);
  parser.addOption(o.light);
  parser.addOption(o.screenshot);
}

void set_names() {
  QCoreApplication::setApplicationName("saker-inspector");
  QCoreApplication::setOrganizationName("Saker");
  QCoreApplication::setApplicationVersion(SAKER_VERSION);
}

}  // namespace

int main(int argc, char** argv) {
  // --help and --version work without a display.
  for (int i = 1; i < argc; ++i)
    for (const char* a : {"-h", "--help", "--help-all", "-v", "--version"})
      if (std::strcmp(argv[i], a) == 0) {
        QCoreApplication app(argc, argv);
        set_names();
        QCommandLineParser parser;
        Options o;
        describe(parser, o);
        parser.process(app);
        return 0;
      }
  saker::inspector::tune_allocator(argv);
  QApplication app(argc, argv);
  set_names();
  QCommandLineParser parser;
  Options o;
  describe(parser, o);
  parser.process(app);

  bool useDark = QSettings("Saker", "Inspector").value("dark", false).toBool();
  if (parser.isSet(o.dark)) useDark = true;
  if (parser.isSet(o.light)) useDark = false;
  saker::inspector::MainWindow w;
  w.setDarkTheme(useDark);
  w.setRulePaths(parser.values(o.rules));
  if (parser.isSet(o.filter)) w.filterBar()->setText(parser.value(o.filter));
  w.resize(1400, 900);
  w.show();
  if (parser.isSet(o.screenshot)) {
    if (parser.positionalArguments().isEmpty()) {
      std::fprintf(stderr, "saker-inspector: --screenshot needs a capture\n");
      return 2;
    }
    w.setInteractive(false);
    QString out = parser.value(o.screenshot);
    auto* poll = new QTimer(&w);
    QObject::connect(poll, &QTimer::timeout, &w, [&w, out] {
      if (w.busy()) return;
      bool saved = w.grab().save(out);
      if (!saved) std::fprintf(stderr, "saker-inspector: cannot write %s\n", qPrintable(out));
      if (!w.lastError().isEmpty()) std::fprintf(stderr, "saker-inspector: %s\n", qPrintable(w.lastError()));
      QCoreApplication::exit(saved && w.lastError().isEmpty() ? 0 : 1);
    });
    // Starts polling once the load finished (rules and the overview start right after it).
    QObject::connect(&w, &saker::inspector::MainWindow::loadFinished, poll, [poll] { poll->start(100); });
  }
  // Several captures open merged by time.
  if (!parser.positionalArguments().isEmpty()) w.openCaptures(parser.positionalArguments());
  if (parser.isSet(o.fleet)) w.openFleet(parser.value(o.fleet), parser.value(o.fleetDatabase));
  return app.exec();
}
