# Degenerate shapes the generator must still turn into compiling code.
namespace java test.edge

struct Empty {}
union EmptyUnion {}
enum EmptyEnum {}
exception EmptyError {}
service EmptyService {}

struct AllOptional {
  optional i32 a
  optional Empty e
  optional EmptyEnum ee
}

exception Odd {
  1: i32 message
  2: string cause
  3: string stackTrace
}

union One {
  1: Empty e
}

service OnlyOneway {
  oneway void go()
  oneway void goWith(1: i32 a, 2: Empty e)
}

service Child extends OnlyOneway {
  Empty nothing() throws (1: EmptyError e, 2: Odd odd)
  EmptyEnum enums(1: EmptyEnum e, 2: optional EmptyEnum f)
  i64 prim(1: optional i32 a)
}
