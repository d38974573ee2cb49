package io.cloudwego.kitex.bench.jmh;

import io.cloudwego.kitex.bench.thrift.Address;
import io.cloudwego.kitex.bench.thrift.LineItem;
import io.cloudwego.kitex.bench.thrift.Order;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMap;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;

/**
 * The benchmark's {@link Order} written and read through libthrift's {@link TProtocol}, call for
 * call as the standard scheme of libthrift's generated code does it (struct and field begin/end,
 * {@link TField} constants, {@link TProtocolUtil#skip} of unknown fields). It builds the same
 * immutable values as our generated codec, so the two differ only in the codec.
 */
public final class LibthriftOrderCodec {
    private static final TStruct ORDER = new TStruct("Order");
    private static final TField ORDER_ID = new TField("id", TType.I64, (short) 1);
    private static final TField ORDER_CUSTOMER = new TField("customer", TType.STRING, (short) 2);
    private static final TField ORDER_SHIP_TO = new TField("shipTo", TType.STRUCT, (short) 3);
    private static final TField ORDER_ITEMS = new TField("items", TType.LIST, (short) 4);
    private static final TField ORDER_ATTRIBUTES = new TField("attributes", TType.MAP, (short) 5);
    private static final TField ORDER_PAID = new TField("paid", TType.BOOL, (short) 6);
    private static final TField ORDER_NOTE = new TField("note", TType.STRING, (short) 7);
    private static final TStruct ADDRESS = new TStruct("Address");
    private static final TField ADDRESS_STREET = new TField("street", TType.STRING, (short) 1);
    private static final TField ADDRESS_CITY = new TField("city", TType.STRING, (short) 2);
    private static final TField ADDRESS_COUNTRY = new TField("country", TType.STRING, (short) 3);
    private static final TField ADDRESS_POSTCODE = new TField("postcode", TType.STRING, (short) 4);
    private static final TStruct LINE_ITEM = new TStruct("LineItem");
    private static final TField ITEM_SKU = new TField("sku", TType.I64, (short) 1);
    private static final TField ITEM_NAME = new TField("name", TType.STRING, (short) 2);
    private static final TField ITEM_QUANTITY = new TField("quantity", TType.I32, (short) 3);
    private static final TField ITEM_UNIT_PRICE = new TField("unitPrice", TType.DOUBLE, (short) 4);
    private static final TField ITEM_TAGS = new TField("tags", TType.LIST, (short) 5);

    private LibthriftOrderCodec() {
    }

    /** Writes {@code order} as a struct. */
    public static void write(TProtocol out, Order order) throws TException {
        out.writeStructBegin(ORDER);
        out.writeFieldBegin(ORDER_ID);
        out.writeI64(order.id());
        out.writeFieldEnd();
        out.writeFieldBegin(ORDER_CUSTOMER);
        out.writeString(order.customer());
        out.writeFieldEnd();
        out.writeFieldBegin(ORDER_SHIP_TO);
        writeAddress(out, order.shipTo());
        out.writeFieldEnd();
        out.writeFieldBegin(ORDER_ITEMS);
        out.writeListBegin(new TList(TType.STRUCT, order.items().size()));
        for (LineItem item : order.items()) {
            writeLineItem(out, item);
        }
        out.writeListEnd();
        out.writeFieldEnd();
        out.writeFieldBegin(ORDER_ATTRIBUTES);
        out.writeMapBegin(new TMap(TType.STRING, TType.STRING, order.attributes().size()));
        for (Map.Entry<String, String> attribute : order.attributes().entrySet()) {
            out.writeString(attribute.getKey());
            out.writeString(attribute.getValue());
        }
        out.writeMapEnd();
        out.writeFieldEnd();
        out.writeFieldBegin(ORDER_PAID);
        out.writeBool(order.paid());
        out.writeFieldEnd();
        if (order.note() != null) {
            out.writeFieldBegin(ORDER_NOTE);
            out.writeString(order.note());
            out.writeFieldEnd();
        }
        out.writeFieldStop();
        out.writeStructEnd();
    }

    private static void writeAddress(TProtocol out, Address address) throws TException {
        out.writeStructBegin(ADDRESS);
        out.writeFieldBegin(ADDRESS_STREET);
        out.writeString(address.street());
        out.writeFieldEnd();
        out.writeFieldBegin(ADDRESS_CITY);
        out.writeString(address.city());
        out.writeFieldEnd();
        out.writeFieldBegin(ADDRESS_COUNTRY);
        out.writeString(address.country());
        out.writeFieldEnd();
        if (address.postcode() != null) {
            out.writeFieldBegin(ADDRESS_POSTCODE);
            out.writeString(address.postcode());
            out.writeFieldEnd();
        }
        out.writeFieldStop();
        out.writeStructEnd();
    }

    private static void writeLineItem(TProtocol out, LineItem item) throws TException {
        out.writeStructBegin(LINE_ITEM);
        out.writeFieldBegin(ITEM_SKU);
        out.writeI64(item.sku());
        out.writeFieldEnd();
        out.writeFieldBegin(ITEM_NAME);
        out.writeString(item.name());
        out.writeFieldEnd();
        out.writeFieldBegin(ITEM_QUANTITY);
        out.writeI32(item.quantity());
        out.writeFieldEnd();
        out.writeFieldBegin(ITEM_UNIT_PRICE);
        out.writeDouble(item.unitPrice());
        out.writeFieldEnd();
        out.writeFieldBegin(ITEM_TAGS);
        out.writeListBegin(new TList(TType.STRING, item.tags().size()));
        for (String tag : item.tags()) {
            out.writeString(tag);
        }
        out.writeListEnd();
        out.writeFieldEnd();
        out.writeFieldStop();
        out.writeStructEnd();
    }

    /** Reads an order struct. */
    public static Order read(TProtocol in) throws TException {
        Order.Builder order = Order.builder();
        in.readStructBegin();
        for (TField field = in.readFieldBegin(); field.type != TType.STOP; field = in.readFieldBegin()) {
            switch (field.id) {
                case 1 -> {
                    if (field.type == TType.I64) {
                        order.id(in.readI64());
                    } else {
                        TProtocolUtil.skip(in, field.type);
                    }
                }
                case 2 -> {
                    if (field.type == TType.STRING) {
                        order.customer(in.readString());
                    } else {
                        TProtocolUtil.skip(in, field.type);
                    }
                }
                case 3 -> {
                    if (field.type == TType.STRUCT) {
                        order.shipTo(readAddress(in));
                    } else {
                        TProtocolUtil.skip(in, field.type);
                    }
                }
                case 4 -> {
                    if (field.type == TType.LIST) {
                        TList list = in.readListBegin();
                        List<LineItem> items = new ArrayList<>(list.size);
                        for (int i = 0; i < list.size; i++) {
                            items.add(readLineItem(in));
                        }
                        in.readListEnd();
                        order.items(items);
                    } else {
                        TProtocolUtil.skip(in, field.type);
                    }
                }
                case 5 -> {
                    if (field.type == TType.MAP) {
                        TMap map = in.readMapBegin();
                        Map<String, String> attributes = new LinkedHashMap<>(2 * map.size);
                        for (int i = 0; i < map.size; i++) {
                            attributes.put(in.readString(), in.readString());
                        }
                        in.readMapEnd();
                        order.attributes(attributes);
                    } else {
                        TProtocolUtil.skip(in, field.type);
                    }
                }
                case 6 -> {
                    if (field.type == TType.BOOL) {
                        order.paid(in.readBool());
                    } else {
                        TProtocolUtil.skip(in, field.type);
                    }
                }
                case 7 -> {
                    if (field.type == TType.STRING) {
                        order.note(in.readString());
                    } else {
                        TProtocolUtil.skip(in, field.type);
                    }
                }
                default -> TProtocolUtil.skip(in, field.type);
            }
            in.readFieldEnd();
        }
        in.readStructEnd();
        return order.build();
    }

    private static Address readAddress(TProtocol in) throws TException {
        Address.Builder address = Address.builder();
        in.readStructBegin();
        for (TField field = in.readFieldBegin(); field.type != TType.STOP; field = in.readFieldBegin()) {
            if (field.type != TType.STRING) {
                TProtocolUtil.skip(in, field.type);
            } else {
                switch (field.id) {
                    case 1 -> address.street(in.readString());
                    case 2 -> address.city(in.readString());
                    case 3 -> address.country(in.readString());
                    case 4 -> address.postcode(in.readString());
                    default -> TProtocolUtil.skip(in, field.type);
                }
            }
            in.readFieldEnd();
        }
        in.readStructEnd();
        return address.build();
    }

    private static LineItem readLineItem(TProtocol in) throws TException {
        LineItem.Builder item = LineItem.builder();
        in.readStructBegin();
        for (TField field = in.readFieldBegin(); field.type != TType.STOP; field = in.readFieldBegin()) {
            if (field.id == 1 && field.type == TType.I64) {
                item.sku(in.readI64());
            } else if (field.id == 2 && field.type == TType.STRING) {
                item.name(in.readString());
            } else if (field.id == 3 && field.type == TType.I32) {
                item.quantity(in.readI32());
            } else if (field.id == 4 && field.type == TType.DOUBLE) {
                item.unitPrice(in.readDouble());
            } else if (field.id == 5 && field.type == TType.LIST) {
                TList list = in.readListBegin();
                List<String> tags = new ArrayList<>(list.size);
                for (int i = 0; i < list.size; i++) {
                    tags.add(in.readString());
                }
                in.readListEnd();
                item.tags(tags);
            } else {
                TProtocolUtil.skip(in, field.type);
            }
            in.readFieldEnd();
        }
        in.readStructEnd();
        return item.build();
    }
}
