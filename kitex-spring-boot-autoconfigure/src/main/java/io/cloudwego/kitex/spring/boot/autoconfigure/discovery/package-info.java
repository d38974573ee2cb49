/**
 * Spring Cloud integration: clients without addresses resolve their service through Spring Cloud's
 * {@code DiscoveryClient}, and the server registers itself through Spring Cloud's
 * {@code ServiceRegistry}.
 */
@NullMarked
package io.cloudwego.kitex.spring.boot.autoconfigure.discovery;

import org.jspecify.annotations.NullMarked;
