// ChatService: a Thrift service that streams. Its methods annotated streaming.mode travel over gRPC
// as Thrift (content-type application/grpc+thrift), on the same port as EchoService; its plain
// method travels as any Thrift call.
namespace go chat

struct ChatMessage {
  1: required string text
}

service ChatService {
  // A plain Thrift call, over the client's transport (TTHeader Framed by default).
  ChatMessage hello(1: ChatMessage message)
  // One message per word of the sentence, then the end of the stream.
  ChatMessage words(1: ChatMessage sentence) (streaming.mode = "server")
  // Answers each message as it arrives; ends when the caller ends.
  ChatMessage chat(1: ChatMessage message) (streaming.mode = "bidirectional")
}
