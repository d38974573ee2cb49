// The benchmark's IDL. EchoService is wire-identical to the interop echo.thrift's echo (the neutral
// load generator's pre-encoded call fits every Thrift server in the run); Order is the realistic
// struct of the JMH codec benchmarks: a nested struct, a list of structs, a map, strings.
namespace java bench

struct EchoRequest {
  1: required string message
}

struct EchoResponse {
  1: required string message
}

service EchoService {
  EchoResponse echo(1: EchoRequest req)
}

struct Address {
  1: required string street
  2: required string city
  3: required string country
  4: optional string postcode
}

struct LineItem {
  1: required i64 sku
  2: required string name
  3: required i32 quantity
  4: required double unitPrice
  5: required list<string> tags
}

struct Order {
  1: required i64 id
  2: required string customer
  3: required Address shipTo
  4: required list<LineItem> items
  5: required map<string, string> attributes
  6: required bool paid
  7: optional string note
}
