package dev.billwright.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The fields of an object node written on first use ({@link Json#deferredObject}): every map
 * operation first runs the writer once, into a plain {@link LinkedHashMap}, and then works on that
 * map. The writer runs at most once, under this map's lock, and its map is published through a
 * volatile field, so a node shared between threads is written once and read whole.
 */
final class DeferredChildren extends AbstractMap<String, JsonNode> {
  private final JsonNodeFactory nodes;
  /** The writer; null once it has run. Guarded by {@code this}. */
  private Consumer<? super ObjectNode> writer;
  /** The written fields; null until first use. */
  private volatile Map<String, JsonNode> fields;

  DeferredChildren(JsonNodeFactory nodes, Consumer<? super ObjectNode> writer) {
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.writer = Objects.requireNonNull(writer, "writer");
  }

  /** The fields, written first if this is the first use. */
  private Map<String, JsonNode> fields() {
    Map<String, JsonNode> f = fields;
    if (f != null) {
      return f;
    }
    synchronized (this) {
      f = fields;
      if (f == null) {
        Map<String, JsonNode> written = new LinkedHashMap<>();
        writer.accept(new ObjectNode(nodes, written));
        writer = null;
        fields = written;
        f = written;
      }
    }
    return f;
  }

  @Override
  public int size() {
    return fields().size();
  }

  @Override
  public boolean isEmpty() {
    return fields().isEmpty();
  }

  @Override
  public boolean containsKey(Object key) {
    return fields().containsKey(key);
  }

  @Override
  public boolean containsValue(Object value) {
    return fields().containsValue(value);
  }

  @Override
  public JsonNode get(Object key) {
    return fields().get(key);
  }

  @Override
  public JsonNode put(String key, JsonNode value) {
    return fields().put(key, value);
  }

  @Override
  public JsonNode remove(Object key) {
    return fields().remove(key);
  }

  @Override
  public void putAll(Map<? extends String, ? extends JsonNode> m) {
    fields().putAll(m);
  }

  @Override
  public void clear() {
    fields().clear();
  }

  @Override
  public Set<String> keySet() {
    return fields().keySet();
  }

  @Override
  public Collection<JsonNode> values() {
    return fields().values();
  }

  @Override
  public Set<Map.Entry<String, JsonNode>> entrySet() {
    return fields().entrySet();
  }

  @Override
  public JsonNode getOrDefault(Object key, JsonNode defaultValue) {
    return fields().getOrDefault(key, defaultValue);
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super JsonNode> action) {
    fields().forEach(action);
  }

  @Override
  public void replaceAll(BiFunction<? super String, ? super JsonNode, ? extends JsonNode> function) {
    fields().replaceAll(function);
  }

  @Override
  public JsonNode putIfAbsent(String key, JsonNode value) {
    return fields().putIfAbsent(key, value);
  }

  @Override
  public boolean remove(Object key, Object value) {
    return fields().remove(key, value);
  }

  @Override
  public boolean replace(String key, JsonNode oldValue, JsonNode newValue) {
    return fields().replace(key, oldValue, newValue);
  }

  @Override
  public JsonNode replace(String key, JsonNode value) {
    return fields().replace(key, value);
  }

  @Override
  public JsonNode computeIfAbsent(String key, Function<? super String, ? extends JsonNode> mappingFunction) {
    return fields().computeIfAbsent(key, mappingFunction);
  }

  @Override
  public JsonNode computeIfPresent(String key,
      BiFunction<? super String, ? super JsonNode, ? extends JsonNode> remappingFunction) {
    return fields().computeIfPresent(key, remappingFunction);
  }

  @Override
  public JsonNode compute(String key, BiFunction<? super String, ? super JsonNode, ? extends JsonNode> remappingFunction) {
    return fields().compute(key, remappingFunction);
  }

  @Override
  public JsonNode merge(String key, JsonNode value,
      BiFunction<? super JsonNode, ? super JsonNode, ? extends JsonNode> remappingFunction) {
    return fields().merge(key, value, remappingFunction);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || fields().equals(o);
  }

  @Override
  public int hashCode() {
    return fields().hashCode();
  }

  @Override
  public String toString() {
    return fields().toString();
  }
}
