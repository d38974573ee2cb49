package io.cloudwego.kitex.codegen.scaffold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProjectNamesTest {

    @ParameterizedTest
    @CsvSource({
        "echo,        echo,          com.example.echo,          Echo,          echo",
        "EchoService, echo-service,  com.example.echoservice,   EchoService,   echo-service",
        "echo_service, echo-service, com.example.echoservice,   EchoService,   echo-service",
        "echo--service, echo-service, com.example.echoservice,  EchoService,   echo-service",
        "HTTPGateway, http-gateway,  com.example.httpgateway,   HttpGateway,   http-gateway",
        "v2Echo,      v2-echo,       com.example.v2echo,        V2Echo,        v2-echo",
        "new,         new,           com.example.new_,          New,           new",
        "Int,         int,           com.example.int_,          Int,           int",
    })
    void derivedFromTheServiceName(String service, String artifactId, String packageName, String classPrefix,
                                   String clientName) {
        ProjectNames names = ProjectNames.of(service, null, null, null);
        assertThat(names).isEqualTo(new ProjectNames(service, "com.example", artifactId, packageName, classPrefix,
            clientName));
    }

    @ParameterizedTest
    @CsvSource({
        "io.acme,      io.acme.orderapi",
        "my-org.2024,  my_org._2024.orderapi",
        "org.default,  org.default_.orderapi",
    })
    void packageDerivedFromTheGroupIdIsAValidPackage(String groupId, String packageName) {
        ProjectNames names = ProjectNames.of("order-api", groupId, null, null);
        assertThat(names.groupId()).isEqualTo(groupId);
        assertThat(names.packageName()).isEqualTo(packageName);
        assertThat(names.artifactId()).isEqualTo("order-api");
    }

    @ParameterizedTest
    @CsvSource({
        "echo-api, com.acme.echo",
        "Echo.Api, com.acme.echo.v1",
    })
    void givenNamesAreKept(String artifactId, String packageName) {
        ProjectNames names = ProjectNames.of("echo", "com.acme", artifactId, packageName);
        assertThat(names.artifactId()).isEqualTo(artifactId);
        assertThat(names.packageName()).isEqualTo(packageName);
        assertThat(names.clientName()).isEqualTo("echo");
        assertThat(names.classPrefix()).isEqualTo("Echo");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "9lives   | -         | -          | -           | service name '9lives' must start with a letter and have only letters, digits, '-' and '_'",
        "echo.api | -         | -          | -           | service name 'echo.api' must start with a letter and have only letters, digits, '-' and '_'",
        "'e cho'  | -         | -          | -           | service name 'e cho' must start with a letter and have only letters, digits, '-' and '_'",
        "''       | -         | -          | -           | service name '' must start with a letter and have only letters, digits, '-' and '_'",
        "echo     | com..acme | -          | -           | groupId 'com..acme' must be one or more parts of letters, digits, '-' and '_', separated by '.'",
        "echo     | .com      | -          | -           | groupId '.com' must be one or more parts of letters, digits, '-' and '_', separated by '.'",
        "echo     | com/acme  | -          | -           | groupId 'com/acme' must be one or more parts of letters, digits, '-' and '_', separated by '.'",
        "echo     | -         | 'echo api' | -           | artifactId 'echo api' must have only letters, digits, '.', '-' and '_'",
        "echo     | -         | echo/api   | -           | artifactId 'echo/api' must have only letters, digits, '.', '-' and '_'",
        "echo     | -         | -          | com.1x      | package 'com.1x' is not a Java package name",
        "echo     | -         | -          | com.class   | package 'com.class' is not a Java package name",
        "echo     | -         | -          | com..x      | package 'com..x' is not a Java package name",
        "echo     | -         | -          | com.my-app  | package 'com.my-app' is not a Java package name",
        "echo     | -         | -          | com.x.      | package 'com.x.' is not a Java package name",
    })
    void badNamesAreRefusedSayingWhy(String service, String groupId, String artifactId, String packageName,
                                     String message) {
        assertThatThrownBy(() -> ProjectNames.of(service, groupId, artifactId, packageName))
            .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
