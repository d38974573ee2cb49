package io.cloudwego.kitex.discovery;

import java.net.InetSocketAddress;

/** Instance addresses written as {@code host:port}, with an IPv6 host in brackets ({@code [::1]:8888}). */
public final class HostPort {
    private HostPort() {
    }

    /**
     * Why {@code address} is not a {@code host:port} with a port from 1 to 65535, or {@code null}
     * when it is. Looks nothing up.
     */
    public static String problem(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            return "must be host:port";
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") != host.endsWith("]") || (host.indexOf(':') >= 0 && !host.startsWith("["))) {
            return "must be host:port, with an IPv6 host in brackets";
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            return "must be host:port, with a numeric port";
        }
        return port < 1 || port > 65535 ? "must be host:port, with a port from 1 to 65535" : null;
    }

    /**
     * The socket address {@code address} names.
     *
     * @throws IllegalArgumentException naming the {@link #problem} when it is not a {@code host:port}
     */
    public static InetSocketAddress parse(String address) {
        String problem = problem(address);
        if (problem != null) {
            throw new IllegalArgumentException("address " + address + " " + problem);
        }
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1)));
    }
}
