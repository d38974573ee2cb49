/**
 * Every feature the generator handles, in one file.
 */
namespace java test.all
namespace * test.any
include "shared/common.thrift"
include "base.thrift"
cpp_include "<unordered_map>"

typedef common.Total Amount
typedef map<string, list<set<i32>>> Deep

enum Status {
  UNKNOWN
  ACTIVE = 1
  DISABLED = -5 (deprecated = "")
}

/** All base types, each requiredness. */
struct Primitives {
  1: bool b
  2: byte i8v
  3: i16 i16v
  4: i32 i32v
  5: i64 i64v
  6: double d
  7: string s
  8: binary bin
  9: uuid id
  10: required bool rb
  11: required i32 ri
  12: required string rs
  13: optional bool ob
  14: optional i64 oi
  15: optional string os
  16: optional binary obin
}

struct Containers {
  1: list<i32> ints
  2: set<string> names
  3: map<string, i64> counts
  4: Deep deep
  5: list<list<list<string>>> cube
  6: map<common.Color, common.Point> points
  7: set<binary> blobs
  8: map<binary, list<binary>> blobMap
  9: list<common.Color> colors
  10: optional map<i32, set<Status>> statuses
  11: list<Primitives> rows
  12: map<string, Nested> nested
  13: list<uuid> ids
  14: common.Palette palette
}

struct Nested {
  1: required string name
  2: optional Nested child
  3: list<Nested> children
}

struct Defaults {
  1: i32 count = 7
  2: string label = "none"
  3: double ratio = 0.5
  4: bool on = true
  5: common.Color color = common.Color.BLUE
  6: list<i32> primes = [2, 3, 5]
  7: map<string, i32> table = {"one": 1, "two": 2}
  8: optional i64 big = 0x7fffffffffffffff
  9: Status status = Status.ACTIVE
  10: binary raw = "bytes"
  11: Amount amount = common.LIMIT
  12: common.Point origin = {"x": 0, "y": 1.5}
  13: required i16 small = -3
}

union Choice {
  1: i32 number
  2: string text
  3: common.Point point
  4: list<string> words
  5: common.Color color
  6: binary data
}

exception NotFound {
  1: required string message
  2: i64 id
}

exception Invalid {
  1: string reason
  2: list<string> fields
}

/** Names that are Java keywords or clash with generated members. */
struct Clashes {
  1: i32 class
  2: string builder
  3: bool public
  4: i32 hashCode
  5: string toString
  6: i32 class_
  7: string hasBuilder
  8: i64 java
  9: string CODEC
  10: optional i32 value
  11: string String
  12: i32 int
}

struct String {
  1: string value
}

struct Object {
  1: Object_ inner
}

struct Object_ {
  1: i32 x
}

struct List {
  1: list<String> items
}

/** Named like the args record of ItemService.get. */
struct GetArgs {
  1: i32 x
}

struct Builder {
  1: i32 n
}

union Kind {
  1: i32 kind
  2: Builder builder
}

enum Keywords {
  class = 1,
  value = 2,
  default = 3
}

const i8 MIN_I8 = -128
const i16 MAX_I16 = 32767
const i32 HEX = 0xCAFE
const i64 BIG = -9223372036854775808
const double PI = 3.14159
const double AVOGADRO = 6.022e23
const double WHOLE = 3
const string GREETING = "hello \"world\"\n\ttab\\ \u00e9"
const string SINGLE = 'single "quoted"'
const bool YES = true
const bool NO = 0
const binary MAGIC = "KITEX"
const uuid SOME_ID = "123e4567-e89b-12d3-a456-426614174000"
const common.Color FAVORITE = common.Color.BLUE
const Status ACTIVE_STATUS = 1
const i32 ENUM_AS_INT = Status.DISABLED
const Amount AMOUNT = common.LIMIT
const list<string> WORDS = ["a", "b", 'c']
const set<i32> PRIMES = [2, 3, 5, 7]
const map<string, list<i32>> GROUPS = {"odd": [1, 3], "even": [2, 4], "none": []}
const map<common.Color, string> COLOR_NAMES = {common.Color.RED: "red", 2: "green"}
const Deep DEEP = {"x": [[1, 2], [3]]}
const common.Point ORIGIN = {"x": 1, "y": 2.5}
const Nested TREE = {"name": "root", "children": [{"name": "leaf"}]}
const list<common.Point> PATH = [{"x": 0, "y": 0}, {"x": 1, "y": 1}]
const i32 class = 5

service ItemService extends base.BaseService {
  Nested get(1: i64 id, 2: optional string hint) throws (1: NotFound notFound, 2: Invalid invalid)
  void put(1: Nested item) throws (1: Invalid invalid)
  oneway void touch(1: i64 id)
  list<Nested> listItems(1: list<i64> ids, 2: map<string, Deep> filters)
  Choice choose(1: Choice choice)
  common.Color color(1: common.Color in)
  i32 count()
  Primitives echoAll(1: Primitives p, 2: Containers c, 3: Defaults d)
  void hashCode(1: i32 equals) (api.get = "/x")
  binary blob(1: binary data) throws (1: common.CommonError error)
  GetArgs getArgs(1: GetArgs args, 2: i32 out)
}

service AuditService extends ItemService {
  void audit(1: string who)
}
