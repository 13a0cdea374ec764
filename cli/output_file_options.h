// The options of the subcommands that write a capture file (convert, merge): --compress,
// --compress-level and --profile, and the scap::WriterOptions they make.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "saker/scap/writer.h"

namespace saker::cli {

struct OutputFileOptions {
  std::string compression = "none", profile = "compat";
  int level = 0;
};

void add_output_file_options(CLI::App* c, OutputFileOptions& o);

// Throws scap::CommandError (Usage) for a level the compression does not take.
scap::WriterOptions writer_options(const OutputFileOptions& o);

}  // namespace saker::cli
