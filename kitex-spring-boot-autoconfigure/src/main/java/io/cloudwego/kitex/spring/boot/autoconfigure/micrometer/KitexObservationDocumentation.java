package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of Kitex calls, named after OpenTelemetry's RPC conventions. With Micrometer's
 * default meter handler, each observation records a timer of its name in seconds
 * ({@code rpc.server.call.duration}, {@code rpc.client.call.duration}), tagged with its
 * low-cardinality keys and Micrometer's own {@code error} tag, and a long task timer of its name
 * with {@code .active} appended.
 */
public enum KitexObservationDocumentation implements ObservationDocumentation {

    /** A call handled by the server, from the request decoded to the result ready to be written. */
    SERVER {
        @Override
        public String getName() {
            return "rpc.server.call.duration";
        }

        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultKitexServerObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] {LowCardinalityKeyNames.RPC_SYSTEM_NAME, LowCardinalityKeyNames.RPC_METHOD,
                LowCardinalityKeyNames.RPC_RESPONSE_STATUS_CODE, LowCardinalityKeyNames.ERROR_TYPE};
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] {HighCardinalityKeyNames.CLIENT_ADDRESS, HighCardinalityKeyNames.CLIENT_PORT};
        }
    },

    /** A call made by a client, from the call issued to its result or error. */
    CLIENT {
        @Override
        public String getName() {
            return "rpc.client.call.duration";
        }

        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultKitexClientObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeyNames.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] {HighCardinalityKeyNames.SERVER_ADDRESS, HighCardinalityKeyNames.SERVER_PORT};
        }
    };

    /** Keys of metrics and traces. */
    public enum LowCardinalityKeyNames implements KeyName {

        /** The RPC system: {@code kitex}. */
        RPC_SYSTEM_NAME {
            @Override
            public String asString() {
                return "rpc.system.name";
            }
        },

        /** The fully qualified method: the IDL service name and method name, as {@code Echo/echo}. */
        RPC_METHOD {
            @Override
            public String asString() {
                return "rpc.method";
            }
        },

        /**
         * How the call ended: {@code OK}; a biz status code; a Thrift application exception type
         * such as {@code UNKNOWN_METHOD} or {@code INTERNAL_ERROR}; {@code IDL_EXCEPTION}
         * for an exception the IDL declares; {@code TIMEOUT}; {@code ERROR} for any other failure.
         * Set once the call has ended.
         */
        RPC_RESPONSE_STATUS_CODE {
            @Override
            public String asString() {
                return "rpc.response.status_code";
            }
        },

        /** The fully qualified class of the exception the call ended with, or {@code none}. Set once the call has ended. */
        ERROR_TYPE {
            @Override
            public String asString() {
                return "error.type";
            }
        },

        /**
         * Client only: whether the call is a retry or a backup request of an earlier attempt
         * ({@code true}) or a first attempt ({@code false}). Each attempt is observed on its own.
         */
        KITEX_RETRY {
            @Override
            public String asString() {
                return "kitex.retry";
            }
        }
    }

    /** Keys of traces only. */
    public enum HighCardinalityKeyNames implements KeyName {

        /** On the server, the caller's address. */
        CLIENT_ADDRESS {
            @Override
            public String asString() {
                return "client.address";
            }
        },

        /** On the server, the caller's port. */
        CLIENT_PORT {
            @Override
            public String asString() {
                return "client.port";
            }
        },

        /** On a client, the address of the instance called. */
        SERVER_ADDRESS {
            @Override
            public String asString() {
                return "server.address";
            }
        },

        /** On a client, the port of the instance called. */
        SERVER_PORT {
            @Override
            public String asString() {
                return "server.port";
            }
        }
    }
}
