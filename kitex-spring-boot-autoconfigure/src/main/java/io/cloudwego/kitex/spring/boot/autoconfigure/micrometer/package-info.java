/**
 * Micrometer integration: observations of Kitex calls named after OpenTelemetry's RPC conventions
 * ({@code rpc.server.call.duration}, {@code rpc.client.call.duration}) and meters of the server's
 * live counters.
 */
@NullMarked
package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import org.jspecify.annotations.NullMarked;
