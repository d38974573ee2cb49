/**
 * Actuator integration: the {@code kitex} endpoint and the {@code kitex} health indicator.
 */
@NullMarked
package io.cloudwego.kitex.spring.boot.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
