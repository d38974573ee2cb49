package io.cloudwego.kitex.codegen.java;

import org.junit.jupiter.api.Test;

/** The generated API used from Java code compiled against it (src/test/resources/drivers). */
class GeneratedApiTest {

    @Test
    void valueTypesEnumsUnionsConstantsAndNameClashes() throws ReflectiveOperationException {
        GeneratedCode.all().run("ApiDriver");
    }

    @Test
    void servicesEndToEndOverKitexCore() throws ReflectiveOperationException {
        GeneratedCode.all().run("ServiceDriver");
    }
}
