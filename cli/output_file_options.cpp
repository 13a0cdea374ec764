#include "output_file_options.h"

#include <fmt/format.h>

#include "saker/scap/command_error.h"

namespace saker::cli {

void add_output_file_options(CLI::App* c, OutputFileOptions& o) {
  c->add_option("--compress", o.compression, "Output compression")
      ->check(CLI::IsMember({"none", "gzip", "zstd"}));
  c->add_option("--compress-level", o.level,
                "Compression level: zstd 1-19 (default 3), gzip 1-9 (default 6)");
  c->add_option("--profile", o.profile,
                "compat: enter/exit pairs that sysdig 0.29 and current libs read; current: exit events only")
      ->check(CLI::IsMember({"compat", "current"}));
}

scap::WriterOptions writer_options(const OutputFileOptions& o) {
  scap::WriterOptions w;
  w.compression = o.compression == "zstd"   ? scap::Compression::Zstd
                  : o.compression == "gzip" ? scap::Compression::Gzip
                                            : scap::Compression::None;
  w.level = o.level;
  if (auto why = scap::check_compression_level(w.compression, o.level); !why.empty())
    throw scap::CommandError(scap::ErrorKind::Usage, fmt::format("--compress-level: {}", why));
  w.profile = o.profile == "current" ? scap::WriterProfile::Current : scap::WriterProfile::Compat;
  return w;
}

}  // namespace saker::cli
