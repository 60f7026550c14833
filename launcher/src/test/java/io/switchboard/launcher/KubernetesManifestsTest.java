package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.switchboard.common.config.ConfigLoader;
import io.switchboard.common.config.Setting;
import io.switchboard.common.http.HealthRoutes;
import io.switchboard.common.service.ServiceModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders the kustomize overlays with the machine's {@code kubectl kustomize} (offline) and checks
 * them against the code: every service deployed with probes on the real health paths, limits and a
 * locked-down security context, and every setting each service requires provided.
 */
class KubernetesManifestsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @ParameterizedTest(name = "overlay {0}")
  @ValueSource(strings = {"dev", "prod"})
  void everyServiceIsDeployedWithProbesLimitsAndALockedDownSecurityContext(String overlay) throws Exception {
    List<JsonNode> docs = render(overlay);
    Map<String, JsonNode> deployments = byKind(docs, "Deployment");
    Set<String> services = Services.production().stream().map(ServiceModule::name).collect(Collectors.toSet());
    assertEquals(services, deployments.keySet());

    Set<String> images = new HashSet<>();
    for (var entry : deployments.entrySet()) {
      JsonNode pod = entry.getValue().at("/spec/template/spec");
      assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), entry.getKey());
      JsonNode container = pod.at("/containers/0");
      images.add(container.at("/image").asText());
      assertEquals(entry.getKey(), container.at("/args/0").asText(), "the argument picks the service");
      assertEquals("--cluster", container.at("/args/1").asText());
      assertEquals(8080, portNamed(container, "http"));
      assertEquals(HealthRoutes.READY, container.at("/readinessProbe/httpGet/path").asText());
      assertEquals(HealthRoutes.LIVE, container.at("/livenessProbe/httpGet/path").asText());
      for (String kind : List.of("requests", "limits")) {
        assertFalse(container.at("/resources/" + kind + "/cpu").isMissingNode(), entry.getKey() + " cpu " + kind);
        assertFalse(container.at("/resources/" + kind + "/memory").isMissingNode(), entry.getKey() + " memory " + kind);
      }
      JsonNode security = container.at("/securityContext");
      assertTrue(security.at("/readOnlyRootFilesystem").asBoolean());
      assertFalse(security.at("/allowPrivilegeEscalation").asBoolean(true));
      assertTrue(security.at("/runAsNonRoot").asBoolean());
      assertEquals("ALL", security.at("/capabilities/drop/0").asText());
      assertEquals("/tmp", container.at("/volumeMounts/0/mountPath").asText(), "a writable /tmp");
    }
    assertEquals(1, images.size(), "one image for every service: " + images);
    assertTrue(images.iterator().next().startsWith("ghcr.io/switchboard/switchboard:"));
    assertEquals(services, byKind(docs, "PodDisruptionBudget").keySet());
    assertEquals(Set.of("voice-webhook-service", "dashboard-bridge"), byKind(docs, "HorizontalPodAutoscaler").keySet());
  }

  @ParameterizedTest(name = "overlay {0}")
  @ValueSource(strings = {"dev", "prod"})
  void everySettingAServiceRequiresIsProvidedAndValid(String overlay) throws Exception {
    List<JsonNode> docs = render(overlay);
    Map<String, String> env = new HashMap<>(configMapData(docs));
    env.putAll(secretData(docs, overlay));
    env.put(Setting.SWITCHBOARD_CLUSTER_HOST.name(), "10.0.0.7");
    for (ServiceModule module : Services.production()) {
      for (Setting required : module.requiredSettings()) {
        assertTrue(env.containsKey(required.name()), overlay + ": " + module.name() + " needs " + required);
      }
      ConfigLoader.load(env, module.requiredSettings());
    }
    assertEquals("true", env.get("SWITCHBOARD_CLUSTER_KUBERNETES"));
    assertEquals("8080", env.get("SWITCHBOARD_HTTP_PORT"));
    for (JsonNode deployment : byKind(docs, "Deployment").values()) {
      JsonNode container = deployment.at("/spec/template/spec/containers/0");
      assertEquals("status.podIP", container.at("/env/0/valueFrom/fieldRef/fieldPath").asText());
      String configMap = container.at("/envFrom/0/configMapRef/name").asText();
      String secret = container.at("/envFrom/1/secretRef/name").asText();
      assertTrue(byKind(docs, "ConfigMap").containsKey(configMap), "references the rendered ConfigMap " + configMap);
      if ("dev".equals(overlay)) {
        assertTrue(byKind(docs, "Secret").containsKey(secret), "references the generated Secret " + secret);
      } else {
        assertEquals("switchboard-secrets", secret, "the Secret the operator creates");
      }
    }
  }

  @Test
  void theClusterIsFoundThroughAHeadlessServiceAndTheIngressRoutesByPath() throws Exception {
    List<JsonNode> docs = render("prod");
    JsonNode headless = byKind(docs, "Service").get("switchboard-hazelcast");
    assertNotNull(headless);
    assertEquals("None", headless.at("/spec/clusterIP").asText());
    assertEquals(5701, headless.at("/spec/ports/0/port").asInt());
    assertEquals("switchboard", headless.at("/spec/selector/app.kubernetes.io~1part-of").asText());
    for (JsonNode deployment : byKind(docs, "Deployment").values()) {
      assertEquals("switchboard", deployment.at("/spec/template/metadata/labels/app.kubernetes.io~1part-of").asText());
    }
    assertEquals("switchboard-hazelcast", configMapData(docs).get("SWITCHBOARD_CLUSTER_SERVICE_DNS"));

    Map<String, String> routes = new HashMap<>();
    for (JsonNode ingress : byKind(docs, "Ingress").values()) {
      for (JsonNode path : ingress.at("/spec/rules/0/http/paths")) {
        routes.put(path.at("/path").asText(), path.at("/backend/service/name").asText());
      }
    }
    assertEquals(Map.of("/twilio", "voice-webhook-service", "/api", "dashboard-bridge",
        "/eventbus", "dashboard-bridge", "/", "dashboard-bridge"), routes);
    JsonNode dashboard = byKind(docs, "Ingress").get("switchboard-dashboard");
    assertEquals("cookie", dashboard.at("/metadata/annotations/nginx.ingress.kubernetes.io~1affinity").asText(),
        "sticky sessions for SockJS fallbacks");
  }

  @Test
  void devBringsItsOwnPostgresAndProdScalesOut() throws Exception {
    List<JsonNode> dev = render("dev");
    List<JsonNode> prod = render("prod");
    assertTrue(byKind(dev, "StatefulSet").containsKey("postgres"));
    assertTrue(byKind(prod, "StatefulSet").isEmpty(), "prod uses an external PostgreSQL");
    for (var entry : byKind(prod, "Deployment").entrySet()) {
      int prodReplicas = entry.getValue().at("/spec/replicas").asInt();
      int devReplicas = byKind(dev, "Deployment").get(entry.getKey()).at("/spec/replicas").asInt();
      assertTrue(prodReplicas >= 2 && prodReplicas > devReplicas, entry.getKey());
    }
  }

  private static int portNamed(JsonNode container, String name) {
    for (JsonNode port : container.at("/ports")) {
      if (name.equals(port.at("/name").asText())) {
        return port.at("/containerPort").asInt();
      }
    }
    return -1;
  }

  private static Map<String, JsonNode> byKind(List<JsonNode> docs, String kind) {
    Map<String, JsonNode> found = new HashMap<>();
    for (JsonNode doc : docs) {
      if (kind.equals(doc.at("/kind").asText())) {
        found.put(doc.at("/metadata/name").asText(), doc);
      }
    }
    return found;
  }

  private static Map<String, String> configMapData(List<JsonNode> docs) {
    Map<String, String> data = new HashMap<>();
    for (JsonNode doc : docs) {
      if ("ConfigMap".equals(doc.at("/kind").asText()) && doc.at("/metadata/name").asText().startsWith("switchboard-config")) {
        doc.at("/data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
      }
    }
    return data;
  }

  /** Dev generates the Secret; prod documents the keys the operator must put in it. */
  private static Map<String, String> secretData(List<JsonNode> docs, String overlay) throws IOException {
    Map<String, String> data = new HashMap<>();
    for (JsonNode doc : docs) {
      if ("Secret".equals(doc.at("/kind").asText()) && doc.at("/metadata/name").asText().startsWith("switchboard-secrets")) {
        doc.at("/data").fields().forEachRemaining(e -> data.put(e.getKey(),
            new String(Base64.getMimeDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
      }
    }
    if ("prod".equals(overlay)) {
      assertTrue(data.isEmpty(), "production secrets are never committed");
      for (String line : Files.readAllLines(ROOT.resolve("k8s/overlays/prod/secrets.example.env"))) {
        if (!line.isBlank() && !line.startsWith("#")) {
          data.put(line.substring(0, line.indexOf('=')), exampleValue(line.substring(0, line.indexOf('='))));
        }
      }
    }
    return data;
  }

  /** A well-formed stand-in for a documented production secret, so the validator checks the rest. */
  private static String exampleValue(String key) {
    return switch (key) {
      case "TWILIO_ACCOUNT_SID" -> "AC" + "0".repeat(32);
      case "TWILIO_API_KEY" -> "SK" + "0".repeat(32);
      case "TWILIO_TWIML_APP_SID" -> "AP" + "0".repeat(32);
      case "SWITCHBOARD_PG_URL" -> "postgresql://switchboard:pw@db:5432/switchboard";
      default -> "x".repeat(40);
    };
  }

  private static List<JsonNode> render(String overlay) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("kubectl", "kustomize", "k8s/overlays/" + overlay)
        .directory(ROOT.toFile()).redirectErrorStream(true);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new AssertionError("kubectl (with kustomize) is needed to render k8s/: " + e.getMessage(), e);
    }
    byte[] out = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), text);
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(text)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }
}
