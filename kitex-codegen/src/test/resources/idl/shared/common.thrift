/* Included from a subdirectory, relative to its includer. */
namespace java test.common
include "../inc/base.thrift"

enum Color {
  RED = 1,
  GREEN = 2,
  BLUE, // 3
  BLACK = 0x10
}

typedef i32 Count
typedef Count Total
typedef list<Color> Palette

struct Point {
  1: required double x
  2: required double y
}

exception CommonError {
  1: string message
  2: Color color = Color.RED
  3: optional base.BaseInfo info
}

const Total LIMIT = 100
const Color DEFAULT_COLOR = Color.GREEN
