package io.cloudwego.kitex.bench;

/**
 * Where a row is measured.
 *
 * @param concurrency echo calls kept in flight
 * @param payloadBytes bytes of the echoed message
 */
public record Point(int concurrency, int payloadBytes) {
}
