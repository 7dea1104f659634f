package dev.dovetail.sim.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fabric8 CRUD dispatcher with the fixes an operator needs to be tested against it:
 *
 * <ul>
 *   <li>the {@code pods/binding} subresource (and {@code bindings}) sets {@code spec.nodeName} and
 *       the {@code PodScheduled} condition, as the API server does for kube-scheduler;
 *   <li>JSON merge patch follows RFC 7386 ({@code null} deletes a key, lists are replaced);
 *       strategic-merge patches are applied as merge patches (list merge-by-key is not emulated);
 *   <li>the {@code pods/eviction} subresource, refusing with 429 when a PodDisruptionBudget does
 *       not allow the disruption;
 *   <li>field selectors on any {@code spec.*}, {@code status.*} or {@code metadata.*} field for
 *       lists (watches keep the stock behaviour, which only understands {@code metadata.name});
 *   <li>a failed JSON-patch {@code test} answers 422 instead of never replying, and any other
 *       unexpected failure answers 500;
 *   <li>static API discovery and 404 for {@code /openapi/*}, so that {@code kubectl} works;
 *   <li>the status subresource split for built-in kinds (an update of the main resource keeps the
 *       stored status, as on a real API server);
 *   <li>creation and deletion timestamps in RFC 3339 from an injected clock, and a new
 *       resourceVersion when a delete only marks an object that has finalizers;
 *   <li>a store indexed by name ({@link NameIndexedStore}), so a request for one object does not
 *       match every stored object, and discovery that lists the CRDs only for {@code /apis};
 *   <li>for long simulations, Kubernetes Events answered without being stored ({@link
 *       #discardEvents()}).
 * </ul>
 */
public class ExtendedCrudDispatcher extends KubernetesCrudDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ExtendedCrudDispatcher.class);
  private static final Pattern EVICTION =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction(\\?.*)?$");
  private static final Pattern POD_BINDING =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/binding(\\?.*)?$");
  private static final Pattern BINDINGS =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/bindings(\\?.*)?$");
  private static final Pattern EVENTS =
      Pattern.compile("^/apis?(/events\\.k8s\\.io)?/v1(beta1)?/namespaces/[^/]+/events$");
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  private static final ApiDiscovery DISCOVERY = new ApiDiscovery();

  private final Clock clock;
  private final NameIndexedStore store;
  private final java.util.concurrent.locks.ReadWriteLock storeLock;
  private final ObjectMapper mapper = Serialization.jsonMapper();
  private final Object subresourceLock = new Object();
  private final ThreadLocal<String> creationTimestamp = new ThreadLocal<>();
  private volatile BiConsumer<String, HasMetadata> writeListener = (path, stored) -> {};
  private volatile boolean discardEvents;
  private final Map<String, java.util.concurrent.atomic.LongAdder> requests =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A dispatcher whose timestamps come from {@code clock}. */
  public ExtendedCrudDispatcher(Clock clock) {
    super(customResourceContexts());
    this.clock = clock;
    this.store = installIndexedStore();
    this.storeLock = store == null ? null : stockLock();
  }

  /**
   * Replaces the stock store (a synchronized map the dispatcher scans for every request) with one
   * indexed by name, so that requests for one object cost the same with ten or ten thousand objects
   * stored. Without reflective access the stock store stays, only slower.
   */
  private NameIndexedStore installIndexedStore() {
    try {
      java.lang.reflect.Field field =
          io.fabric8.mockwebserver.crud.CrudDispatcher.class.getDeclaredField("map");
      field.setAccessible(true);
      NameIndexedStore indexed = new NameIndexedStore();
      field.set(this, java.util.Collections.synchronizedMap(indexed));
      return indexed;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.atDebug().setCause(e).log("the mock store stays unindexed");
      return null;
    }
  }

  private java.util.concurrent.locks.ReadWriteLock stockLock() {
    try {
      java.lang.reflect.Field field = KubernetesCrudDispatcher.class.getDeclaredField("lock");
      field.setAccessible(true);
      return (java.util.concurrent.locks.ReadWriteLock) field.get(this);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("the stock dispatcher's lock is not reachable", e);
    }
  }

  /**
   * The stored object a query names, from the name index (the stock implementation scans every
   * object). Callers hold the stock lock, as the stock handlers do.
   */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    if (store == null || !NameIndexedStore.named(query)) {
      return super.findResource(query);
    }
    synchronized (map) {
      return store.findNamed(query);
    }
  }

  /** GET of one object by name through the index, as the stock handler answers it. */
  private MockResponse getNamed(String path) {
    AttributeSet query = attributeExtractor.fromPath(path);
    if (store == null || !NameIndexedStore.named(query)) {
      return narrowed(path, () -> super.handleGet(path));
    }
    storeLock.readLock().lock();
    try {
      Map.Entry<AttributeSet, String> found;
      synchronized (map) {
        found = store.findNamed(query);
      }
      return found == null
          ? new MockResponse().setResponseCode(404)
          : new MockResponse().setResponseCode(200).setBody(found.getValue());
    } finally {
      storeLock.readLock().unlock();
    }
  }

  /** Runs a stock handler that scans the store over the objects {@code path} can match only. */
  private MockResponse narrowed(String path, Supplier<MockResponse> handler) {
    return store == null
        ? handler.get()
        : store.narrowedTo(attributeExtractor.fromPath(path), handler);
  }

  private static List<CustomResourceDefinitionContext> customResourceContexts() {
    return DISCOVERY.customResources().stream()
        .map(
            e ->
                new CustomResourceDefinitionContext.Builder()
                    .withGroup(e.getKey().substring(0, e.getKey().indexOf('/')))
                    .withVersion(e.getKey().substring(e.getKey().indexOf('/') + 1))
                    .withKind(e.getValue().kind())
                    .withPlural(e.getValue().plural())
                    .withScope(e.getValue().namespaced() ? "Namespaced" : "Cluster")
                    .withStatusSubresource(true)
                    .build())
        .toList();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      String path = request.getPath();
      String pathOnly = stripQuery(path);
      HttpMethod method = request.method();
      requests
          .computeIfAbsent(
              requestKind(method, pathOnly, path), k -> new java.util.concurrent.atomic.LongAdder())
          .increment();
      if (method == HttpMethod.GET) {
        if (pathOnly.startsWith("/openapi")) {
          return status(404, "NotFound", "the server could not find the requested resource");
        }
        Optional<ObjectNode> document = DISCOVERY.document(pathOnly, this::customGroupVersions);
        if (document.isPresent()) {
          return json(200, document.get());
        }
      }
      if (method == HttpMethod.POST) {
        if (discardEvents && EVENTS.matcher(pathOnly).matches()) {
          return new MockResponse()
              .setResponseCode(201)
              .setHeader("Content-Type", "application/json")
              .setBody(request.getBody().readUtf8());
        }
        Matcher eviction = EVICTION.matcher(path);
        if (eviction.matches()) {
          return evict(eviction.group(1), eviction.group(2));
        }
        Matcher podBinding = POD_BINDING.matcher(path);
        Matcher bindings = BINDINGS.matcher(path);
        if (podBinding.matches() || bindings.matches()) {
          JsonNode binding = readTree(request.getBody().readUtf8());
          String namespace = podBinding.matches() ? podBinding.group(1) : bindings.group(1);
          String name =
              podBinding.matches()
                  ? podBinding.group(2)
                  : binding.path("metadata").path("name").asText();
          return bind(namespace, name, binding.path("target").path("name").asText());
        }
      }
      if (method == HttpMethod.PATCH) {
        return super.dispatch(normalizePatch(request));
      }
      return super.dispatch(request);
    } catch (JsonPatchException e) {
      return status(422, "Invalid", "the JSON patch could not be applied: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.atWarn()
          .setCause(e)
          .addKeyValue("method", request.getMethod())
          .addKeyValue("path", request.getPath())
          .log("embedded API server failed to handle a request");
      return status(500, "InternalError", "embedded API server error: " + e);
    }
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    creationTimestamp.set(now());
    try {
      MockResponse response = super.handleCreate(request);
      if (response.code() == 201) {
        ObjectNode body = (ObjectNode) readTree(response.getBody().readUtf8());
        ((ObjectNode) body.path("metadata")).put("creationTimestamp", creationTimestamp.get());
        response.setBody(write(body));
      }
      return response;
    } finally {
      creationTimestamp.remove();
    }
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      io.fabric8.kubernetes.api.model.GenericKubernetesResource resource,
      String newState) {
    String created = creationTimestamp.get();
    String state = newState;
    if (oldAttributes == null && newState != null && created != null) {
      ObjectNode node = (ObjectNode) readTree(newState);
      ((ObjectNode) node.path("metadata")).put("creationTimestamp", created);
      state = write(node);
      if (resource != null) {
        resource.getMetadata().setCreationTimestamp(created);
      }
    }
    super.processEvent(path, pathAttributes, oldAttributes, resource, state);
    writeListener.accept(path, state == null ? null : resource);
  }

  /**
   * Answers the creation of Kubernetes Events without storing them. For long simulations: nothing
   * reads the Events there, and every stored object slows down each request of the mock store,
   * which scans all objects.
   */
  public void discardEvents() {
    discardEvents = true;
  }

  /** Requests served so far by method and resource ({@code GET pods list}), for profiling. */
  public Map<String, Long> requestCounts() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    requests.forEach((k, v) -> counts.put(k, v.sum()));
    return counts;
  }

  private static String requestKind(HttpMethod method, String pathOnly, String path) {
    String[] parts = pathOnly.replaceFirst("^/+", "").split("/");
    int start = parts.length > 0 && parts[0].equals("api") ? 2 : 3;
    if (parts.length > start && parts[start].equals("namespaces") && parts.length > start + 2) {
      start += 2;
    }
    String resource = parts.length > start ? parts[start] : pathOnly;
    String rest =
        parts.length > start + 1 ? (parts.length > start + 2 ? parts[start + 2] : "one") : "list";
    if (path.contains("watch=")) {
      rest = "watch";
    }
    return method + " " + resource + " " + rest;
  }

  /**
   * Calls {@code listener} with the request path and the stored object (null after a delete) of
   * every change, after its watch events were queued; a simulation counts them to know when
   * informers have caught up.
   */
  public void onWrite(BiConsumer<String, HasMetadata> listener) {
    this.writeListener = listener;
  }

  @Override
  public JsonNode merge(JsonNode baseResource, String updatedResource)
      throws KubernetesCrudDispatcherException {
    JsonNode patch;
    try {
      patch = mapper.readTree(updatedResource);
    } catch (JsonProcessingException e) {
      throw new KubernetesCrudDispatcherException(e.getOriginalMessage(), 422);
    }
    return JsonMergePatch.apply(baseResource, patch);
  }

  @Override
  public boolean isStatusSubresourceEnabledForResource(String path) {
    if (super.isStatusSubresourceEnabledForResource(path)) {
      return true;
    }
    Map<String, String> attributes =
        ((KubernetesAttributesExtractor) attributeExtractor).fromKubernetesPath(path);
    // Only for updates of one object: a create of a built-in kind keeps the status it was sent
    // with (a kubelet registers its Node with its capacity).
    if (attributes.get(KubernetesAttributesExtractor.NAME) == null) {
      return false;
    }
    String api = attributes.get(KubernetesAttributesExtractor.API);
    String version = attributes.get(KubernetesAttributesExtractor.VERSION);
    String groupVersion = api == null || api.isEmpty() ? version : api + "/" + version;
    return DISCOVERY.hasStatusSubresource(
        groupVersion, attributes.get(KubernetesAttributesExtractor.PLURAL));
  }

  @Override
  public MockResponse handleGet(String path) {
    int queryStart = path.indexOf('?');
    List<String> kept = new ArrayList<>();
    FieldSelector selector = null;
    boolean watch = false;
    if (queryStart >= 0) {
      for (String parameter : path.substring(queryStart + 1).split("&")) {
        if (parameter.startsWith("fieldSelector=")) {
          selector =
              FieldSelector.parse(
                  URLDecoder.decode(
                      parameter.substring("fieldSelector=".length()), StandardCharsets.UTF_8));
        } else {
          watch |= parameter.equals("watch=true") || parameter.equals("watch=1");
          kept.add(parameter);
        }
      }
    }
    if (watch) {
      return super.handleGet(path);
    }
    String pathOnly = stripQuery(path);
    String stripped =
        selector == null ? path : pathOnly + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    MockResponse response = getNamed(stripped);
    if (response.code() != 200) {
      return response;
    }
    String text = response.getBody().readUtf8();
    if (selector == null && !text.startsWith("{\"apiVersion\":\"v1\",\"kind\":\"List\"")) {
      return response.setBody(text);
    }
    JsonNode body = readTree(text);
    if (!body.has("items")) {
      return response.setBody(text);
    }
    if (selector != null) {
      ArrayNode filtered = JsonNodeFactory.instance.arrayNode();
      for (JsonNode item : body.get("items")) {
        if (selector.matches(item)) {
          filtered.add(item);
        }
      }
      ((ObjectNode) body).set("items", filtered);
    }
    typeList(pathOnly, (ObjectNode) body);
    return response.setBody(write(body));
  }

  /**
   * Names a list as the API server does ({@code PodList} in {@code v1}) instead of the stock {@code
   * List}: kubectl decodes a plain {@code List} of pods into no pods at all.
   */
  private void typeList(String path, ObjectNode body) {
    if (!"List".equals(body.path("kind").asText())) {
      return;
    }
    Map<String, String> attributes =
        ((KubernetesAttributesExtractor) attributeExtractor).fromKubernetesPath(path);
    String api = attributes.get(KubernetesAttributesExtractor.API);
    String version = attributes.get(KubernetesAttributesExtractor.VERSION);
    String plural = attributes.get(KubernetesAttributesExtractor.PLURAL);
    if (version == null || plural == null) {
      return;
    }
    String groupVersion = api == null || api.isEmpty() ? version : api + "/" + version;
    Optional<String> kind = DISCOVERY.kindOf(groupVersion, plural);
    if (kind.isEmpty() && !body.path("items").isEmpty()) {
      kind = Optional.of(body.path("items").get(0).path("kind").asText()).filter(k -> !k.isEmpty());
    }
    if (kind.isPresent()) {
      body.put("apiVersion", groupVersion);
      body.put("kind", kind.get() + "List");
    }
  }

  @Override
  public MockResponse handleDelete(String path) {
    String pathOnly = stripQuery(path);
    AttributeSet key = getKey(pathOnly);
    Map.Entry<AttributeSet, String> entry =
        key.containsKey(KubernetesAttributesExtractor.NAME) ? findResource(key) : null;
    if (entry == null) {
      return narrowed(path, () -> super.handleDelete(path));
    }
    JsonNode current = readTree(entry.getValue());
    JsonNode metadata = current.path("metadata");
    if (metadata.path("finalizers").isArray() && !metadata.path("finalizers").isEmpty()) {
      if (metadata.hasNonNull("deletionTimestamp")) {
        return new MockResponse().setResponseCode(200).setBody(entry.getValue());
      }
      // Mark the object through a merge patch so that it happens under the stock lock, with a
      // new resourceVersion and an RFC 3339 timestamp.
      ObjectNode patch = JsonNodeFactory.instance.objectNode();
      patch
          .putObject("metadata")
          .put("deletionTimestamp", now())
          .put("deletionGracePeriodSeconds", 0);
      MockResponse marked = super.handlePatch(patchRequest(pathOnly, write(patch)));
      return marked.setResponseCode(marked.code() == 202 ? 200 : marked.code());
    }
    return narrowed(path, () -> super.handleDelete(path));
  }

  private MockResponse evict(String namespace, String name) {
    synchronized (subresourceLock) {
      String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + name;
      MockResponse found = getNamed(podPath);
      if (found.code() == 404) {
        return status(404, "NotFound", "pods \"" + name + "\" not found");
      }
      Pod pod = Serialization.unmarshal(found.getBody().readUtf8(), Pod.class);
      List<PodDisruptionBudget> budgets =
          list(
              "/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets",
              PodDisruptionBudget.class);
      // The namespace's pods are read only when a budget covers this pod: without budgets an
      // eviction of one pod would otherwise read and decode every pod of the namespace.
      List<Pod> pods =
          DisruptionBudgetCheck.covered(pod, budgets)
              ? list("/api/v1/namespaces/" + namespace + "/pods", Pod.class)
              : List.of();
      DisruptionBudgetCheck.Decision decision =
          DisruptionBudgetCheck.check(pod, pods, budgets, this::controllerReplicas);
      if (decision.problem() != null) {
        return status(500, "InternalError", decision.problem());
      }
      if (!decision.allowed()) {
        ObjectNode body =
            statusBody(
                429,
                "TooManyRequests",
                "Cannot evict pod as it would violate the pod's disruption budget.");
        body.putObject("details")
            .putArray("causes")
            .addObject()
            .put("reason", "DisruptionBudget")
            .put(
                "message",
                "The disruption budget "
                    + decision.budget()
                    + " needs "
                    + decision.desiredHealthy()
                    + " healthy pods and has "
                    + decision.currentHealthy()
                    + " currently");
        return json(429, body);
      }
      handleDelete(podPath);
      ObjectNode body = statusBody(201, null, null);
      body.put("status", "Success");
      return json(201, body);
    }
  }

  /** Replicas of a pod's controller; a ReplicaSet owned by a Deployment uses the Deployment's. */
  private Optional<Integer> controllerReplicas(String namespace, OwnerReference owner) {
    String path =
        switch (owner.getKind()) {
          case "ReplicaSet" -> "/apis/apps/v1/namespaces/" + namespace + "/replicasets/";
          case "StatefulSet" -> "/apis/apps/v1/namespaces/" + namespace + "/statefulsets/";
          case "Deployment" -> "/apis/apps/v1/namespaces/" + namespace + "/deployments/";
          case "ReplicationController" ->
              "/api/v1/namespaces/" + namespace + "/replicationcontrollers/";
          default -> null;
        };
    if (path == null) {
      return Optional.empty();
    }
    MockResponse response = getNamed(path + owner.getName());
    if (response.code() != 200) {
      return Optional.empty();
    }
    JsonNode controller = readTree(response.getBody().readUtf8());
    if (owner.getKind().equals("ReplicaSet")) {
      for (JsonNode parent : controller.path("metadata").path("ownerReferences")) {
        if (parent.path("controller").asBoolean()
            && parent.path("kind").asText().equals("Deployment")) {
          OwnerReference deployment = new OwnerReference();
          deployment.setKind("Deployment");
          deployment.setName(parent.path("name").asText());
          return controllerReplicas(namespace, deployment);
        }
      }
    }
    JsonNode replicas = controller.path("spec").path("replicas");
    return Optional.of(replicas.isMissingNode() ? 1 : replicas.asInt());
  }

  private MockResponse bind(String namespace, String name, String nodeName) {
    synchronized (subresourceLock) {
      String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + name;
      MockResponse found = getNamed(podPath);
      if (found.code() == 404) {
        return status(404, "NotFound", "pods \"" + name + "\" not found");
      }
      if (nodeName.isEmpty()) {
        return status(422, "Invalid", "Binding \"" + name + "\" is invalid: target.name: Required");
      }
      JsonNode pod = readTree(found.getBody().readUtf8());
      String assigned = pod.path("spec").path("nodeName").asText("");
      if (!assigned.isEmpty()) {
        return status(
            409,
            "Conflict",
            "Operation cannot be fulfilled on pods/binding \""
                + name
                + "\": pod "
                + name
                + " is already assigned to node \""
                + assigned
                + "\"");
      }
      ObjectNode spec = JsonNodeFactory.instance.objectNode();
      spec.putObject("spec").put("nodeName", nodeName);
      super.handlePatch(patchRequest(podPath, write(spec)));
      ArrayNode conditions = JsonNodeFactory.instance.arrayNode();
      for (JsonNode condition : pod.path("status").path("conditions")) {
        if (!condition.path("type").asText().equals("PodScheduled")) {
          conditions.add(condition);
        }
      }
      conditions
          .addObject()
          .put("type", "PodScheduled")
          .put("status", "True")
          .put("lastTransitionTime", now());
      ObjectNode status = JsonNodeFactory.instance.objectNode();
      status.putObject("status").set("conditions", conditions);
      super.handlePatch(patchRequest(podPath + "/status", write(status)));
      ObjectNode body = statusBody(201, null, null);
      body.put("status", "Success");
      return json(201, body);
    }
  }

  private <T> List<T> list(String path, Class<T> type) {
    JsonNode body = readTree(narrowed(path, () -> super.handleGet(path)).getBody().readUtf8());
    List<T> items = new ArrayList<>();
    for (JsonNode item : body.path("items")) {
      items.add(mapper.convertValue(item, type));
    }
    return items;
  }

  /** Group versions of the CustomResourceDefinitions created through the API. */
  private Set<String> customGroupVersions() {
    Set<String> result = new LinkedHashSet<>();
    JsonNode body =
        readTree(
            super.handleGet("/apis/apiextensions.k8s.io/v1/customresourcedefinitions")
                .getBody()
                .readUtf8());
    for (JsonNode crd : body.path("items")) {
      String group = crd.path("spec").path("group").asText();
      for (JsonNode version : crd.path("spec").path("versions")) {
        result.add(group + "/" + version.path("name").asText());
      }
    }
    return result;
  }

  private static RecordedRequest normalizePatch(RecordedRequest request) {
    String contentType = request.getHeader("Content-Type");
    if (contentType == null || !contentType.startsWith(STRATEGIC_MERGE_PATCH)) {
      return request;
    }
    Headers headers = request.getHeaders().newBuilder().set("Content-Type", MERGE_PATCH).build();
    return new RecordedRequest(
        request.getHttpVersion(), request.method(), request.getPath(), headers, request.getBody());
  }

  private static RecordedRequest patchRequest(String path, String body) {
    Headers headers = Headers.builder().add("Content-Type", MERGE_PATCH).build();
    return new RecordedRequest(
        "HTTP/1.1",
        HttpMethod.PATCH,
        path,
        headers,
        new Buffer(body.getBytes(StandardCharsets.UTF_8)));
  }

  private String now() {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  private static String stripQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  private JsonNode readTree(String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored object is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private String write(JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize JSON: " + e.getOriginalMessage(), e);
    }
  }

  private MockResponse json(int code, JsonNode body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(write(body));
  }

  private MockResponse status(int code, String reason, String message) {
    return json(code, statusBody(code, reason, message));
  }

  private static ObjectNode statusBody(int code, String reason, String message) {
    ObjectNode body =
        JsonNodeFactory.instance.objectNode().put("kind", "Status").put("apiVersion", "v1");
    body.putObject("metadata");
    body.put("status", "Failure");
    if (message != null) {
      body.put("message", message);
    }
    if (reason != null) {
      body.put("reason", reason);
    }
    body.put("code", code);
    return body;
  }
}
