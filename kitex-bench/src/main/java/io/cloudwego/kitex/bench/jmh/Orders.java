package io.cloudwego.kitex.bench.jmh;

import io.cloudwego.kitex.bench.thrift.Address;
import io.cloudwego.kitex.bench.thrift.LineItem;
import io.cloudwego.kitex.bench.thrift.Order;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The realistic struct of the codec benchmarks: an order of ten line items, a nested address, a map of attributes. */
public final class Orders {
    private Orders() {
    }

    /** The same order every time (about 1 KiB encoded). */
    public static Order sample() {
        List<LineItem> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(LineItem.builder()
                .sku(4_000_000_000L + i)
                .name("Item number " + i + ", a reasonably descriptive product name")
                .quantity(1 + i % 3)
                .unitPrice(9.99 + i)
                .tags(List.of("catalogue", "category-" + i % 4, "warehouse-eu-west"))
                .build());
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("channel", "mobile-app");
        attributes.put("currency", "EUR");
        attributes.put("promotion", "WINTER-SALE-2026");
        attributes.put("trace", "7f3a9c1e-55b2-4d0a-9e8f-0c1d2e3f4a5b");
        return Order.builder()
            .id(123_456_789_012L)
            .customer("Ada Lovelace <ada@example.com>")
            .shipTo(Address.builder().street("12 Analytical Engine Lane").city("London").country("GB")
                .postcode("NW1 6XE").build())
            .items(items)
            .attributes(attributes)
            .paid(true)
            .note("Leave the parcel with the neighbour if nobody answers.")
            .build();
    }
}
