// Conversions of filter literals and the string helpers the checks share.
#pragma once

#include <string>
#include <string_view>

namespace saker::query::filter {

// Wide enough for every int64 and uint64 value and their differences.
__extension__ typedef __int128 i128;

// Decimal or 0x hex, optionally signed.
bool parse_int(std::string_view s, i128& out);
std::string lower(std::string_view s);
// `lowered_needle` is already lower case.
bool icontains(std::string_view hay, std::string_view lowered_needle);
// Hex digits to bytes; throws a SyntaxError at `pos` when they are not.
std::string decode_hex(std::string_view s, size_t pos);
// An IPv4 (4 bytes) or IPv6 (16 bytes) address in network order.
bool parse_ip(std::string_view text, std::string& out);
// Base64 to bytes; text that is not base64 comes back unchanged, like Falco.
void b64decode(std::string_view in, std::string& out);

}  // namespace saker::query::filter
