// Turns the C++ blocks (```cpp, ```c++, any letter case) of Markdown files into one C++ file that
// the build compiles and links, so that every example the README shows is checked by the compiler:
//
//   extract_snippets OUT.cpp README.md [MORE.md ...]
//
// A block with its own `int main(` is a whole program: it goes into a namespace of its own, its
// `main` renamed (and made void when it has no `return`, which only `main` may omit). Any other
// block is a fragment: the body of a function given the `client` and `body` the README's
// fragments talk about. `#include` lines go to the top. The generated program prints how many
// blocks it holds; an unterminated block is an error.
#include <cctype>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Snippet {
  std::string source;  // file:line of the fence
  std::vector<std::string> lines;
};

std::string trim_left(const std::string& line) {
  const auto first = line.find_first_not_of(" \t");
  return first == std::string::npos ? std::string() : line.substr(first);
}

std::string trim_right(std::string text) {
  text.erase(text.find_last_not_of(" \t\r") + 1);
  return text;
}

// The fence a line opens or closes: its backticks, and the first word of its info string
// lower-cased (`cpp`, `c++`, `sh`, ...); no backticks when the line is no fence.
struct Fence {
  std::size_t backticks = 0;
  std::string language;
};

Fence fence_of(const std::string& line) {
  const std::string text = trim_right(trim_left(line));
  Fence fence;
  while (fence.backticks < text.size() && text[fence.backticks] == '`')
    ++fence.backticks;
  if (fence.backticks < 3) return {};
  std::string info = trim_left(text.substr(fence.backticks));
  info = info.substr(0, info.find_first_of(" \t{"));
  for (char& c : info)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  fence.language = info;
  return fence;
}

bool is_cpp(const std::string& language) {
  return language == "cpp" || language == "c++" || language == "cxx" || language == "cc";
}

bool read_snippets(const std::string& path, std::vector<Snippet>& out) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "extract_snippets: cannot read " << path << "\n";
    return false;
  }
  std::string line;
  int number = 0;
  Fence open;              // the fence of the block we are in, of any language
  Snippet* cpp = nullptr;  // that block, when it is C++
  std::string indent;      // the indentation of its fence
  while (std::getline(in, line)) {
    ++number;
    const Fence fence = fence_of(line);
    if (open.backticks == 0) {
      if (fence.backticks == 0) continue;
      open = fence;
      if (is_cpp(fence.language)) {
        out.push_back({path + ":" + std::to_string(number), {}});
        cpp = &out.back();
        indent = line.substr(0, line.size() - trim_left(line).size());
      }
      continue;
    }
    if (fence.backticks >= open.backticks && fence.language.empty()) {  // the closing fence
      open = {};
      cpp = nullptr;
      continue;
    }
    // Lines of an indented block (in a list) lose the fence's indentation.
    if (cpp != nullptr)
      cpp->lines.push_back(line.rfind(indent, 0) == 0 ? line.substr(indent.size()) : line);
  }
  if (open.backticks != 0) {
    std::cerr << path << ": a ``` block is never closed\n";
    return false;
  }
  return true;
}

bool mentions(const Snippet& snippet, const std::string& text) {
  for (const std::string& line : snippet.lines) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: extract_snippets OUT.cpp FILE.md...\n";
    return 2;
  }
  std::vector<Snippet> snippets;
  for (int i = 2; i < argc; ++i) {
    if (!read_snippets(argv[i], snippets)) return 1;
  }
  std::set<std::string> includes = {"#include <edenai/edenai.hpp>", "#include <cstdio>"};
  std::ostringstream bodies;
  int index = 0;
  for (const Snippet& snippet : snippets) {
    ++index;
    const bool program = mentions(snippet, "int main(");
    bodies << "// " << snippet.source << "\n";
    if (program) {
      bodies << "namespace snippet_" << index << " {\n";
    } else {
      bodies << "[[maybe_unused]] void snippet_" << index
             << "(edenai::Client& client, edenai::ImageGenerationBody& body) {\n  {\n";
    }
    for (std::string line : snippet.lines) {
      const std::string text = trim_left(line);
      if (text.rfind("#include", 0) == 0) {
        std::string include = text.substr(0, text.find("//"));  // without a trailing comment
        include.erase(include.find_last_not_of(" \t") + 1);
        includes.insert(include);
        continue;
      }
      if (program) {  // main alone may omit its return: a `main` without one becomes void
        const auto at = line.find("int main(");
        if (at != std::string::npos) {
          line.replace(at, 9,
                       mentions(snippet, "return ") ? "int snippet_main(" : "void snippet_main(");
        }
      }
      bodies << line << "\n";
    }
    bodies << (program ? "}  // namespace snippet_" + std::to_string(index) + "\n\n"
                       : "  }\n  (void)client;\n  (void)body;\n}\n\n");
  }
  if (snippets.empty()) {
    std::cerr << "extract_snippets: no ```cpp block found\n";
    return 1;
  }
  std::ofstream out(argv[1]);
  out << "// Generated by tests/docs/extract_snippets.cpp from the ```cpp blocks of the docs.\n";
  for (const std::string& include : includes)
    out << include << "\n";
  out << "\n" << bodies.str();
  out << "int main() {\n  std::printf(\"" << snippets.size()
      << " snippets compiled\\n\");\n  return 0;\n}\n";
  out.close();
  if (!out) {
    std::cerr << "extract_snippets: cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
