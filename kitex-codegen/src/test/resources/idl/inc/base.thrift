// Found through the include path (-I inc), not beside its includer.
namespace java test.base

typedef i64 Timestamp

struct BaseInfo {
  1: required string caller
  2: optional Timestamp at
}

exception BaseError {
  1: required i32 code
  2: optional string message
}

/** The root of the service hierarchy. */
service BaseService {
  string ping(1: string text)
  BaseInfo info() throws (1: BaseError error)
}
