// Plain Thrift methods and one of each streaming.mode, which travel as Thrift over gRPC.
namespace java test.streaming
namespace go cloudwego.kitex.ChatRoom

struct Note {
  1: string text
  2: i32 seq
}

struct Topic {
  1: required string name
}

struct Summary {
  1: i32 count
}

/** Named like a kitex-core type the descriptor uses. */
struct MessageCodec {
  1: i32 version
}

exception Busy {
  1: string reason
}

/** Notes in every direction. */
service Streaming {
  /** Plain Thrift: the summary counts the topic's notes. */
  Summary count(1: Topic topic) throws (1: Busy busy)
  oneway void fire(1: Note note)
  /** Unary over gRPC: one note, one reply. */
  Note echo(1: Note note) (streaming.mode = "unary")
  Note subscribe(1: Topic topic) (streaming.mode = "server")
  /** Client streaming: the summary counts the notes. */
  Summary upload(1: Note note) (streaming.mode = "client")
  Note chat(1: Note note) (streaming.mode = "bidirectional")
  Note hashCode(1: Topic topic) (streaming.mode = "unary")
  MessageCodec convert(1: MessageCodec codec) (streaming.mode = "unary")
}

/** Inherits every streaming method, under its own name in their gRPC paths. */
service Extended extends Streaming {
  Summary tally(1: Note note) (streaming.mode = "client")
}
