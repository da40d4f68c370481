// The sub-project consumer's program: the SDK linked from source, through add_subdirectory.
#include <edenai/edenai.hpp>

#include <iostream>

int main() {
  std::cout << "edenai " << edenai::version() << " as a sub-project\n";
  return *edenai::version() == '\0' ? 1 : 0;
}
