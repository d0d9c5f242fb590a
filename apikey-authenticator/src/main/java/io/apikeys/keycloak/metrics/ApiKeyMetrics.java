package io.apikeys.keycloak.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The extension's metrics, in Keycloak's Micrometer registry ({@code Metrics.globalRegistry}, as Keycloak's own
 * providers use it): served on the management port's {@code /metrics} when Keycloak runs with
 * {@code --metrics-enabled=true}, free otherwise (the registry then has no backend). No meter has a key or client
 * label, so their number does not grow with the keys. The names below are Micrometer's; Prometheus shows them with
 * underscores ({@code keycloak_api_key_uses_total}). Created by the factories that own the measured state.
 */
public final class ApiKeyMetrics {

    /** Counter, tags {@code realm} (name) and {@code outcome}: {@code accepted}, {@code rate_limited} or a refusal reason. */
    public static final String USES = "keycloak.api.key.uses";
    /** Gauge, tag {@code cache}: {@code keys} (verified keys in memory) or {@code unknown} (unknown keys remembered). */
    public static final String CACHE_ENTRIES = "keycloak.api.key.cache.entries";
    /** Function counter, tag {@code result}: {@code hit} (key served from memory) or {@code miss}. */
    public static final String CACHE_LOOKUPS = "keycloak.api.key.cache.lookups";
    /** Gauge: hashes of stored keys known to this node. */
    public static final String KNOWN_HASHES = "keycloak.api.key.known.hashes";
    /** Gauge, tag {@code kind}: {@code last_used} (keys) or {@code usage} (key-hours) waiting for the write-behind. */
    public static final String PENDING = "keycloak.api.key.write.behind.pending";
    /** Timer, tag {@code kind}: how long the write-behind flushes take (flushes with something to write). */
    public static final String FLUSH = "keycloak.api.key.write.behind.flush";
    /** Gauge, tag {@code path}: 1 for where this node counts rate limits and quotas ({@code cluster}, {@code database}). */
    public static final String COUNTING_PATH = "keycloak.api.key.allowance.counting";
    /** Counter, tags {@code realm}, {@code source} ({@code github}, {@code report}) and {@code action}: keys reported as leaked. */
    public static final String LEAKS = "keycloak.api.key.leaks";
    /**
     * Counter, tags {@code realm} and {@code action}: what happened to keys with nobody acting, {@code leak_revoke},
     * {@code leak_disable}, {@code leak_report}, {@code reuse_revoke}, {@code unused_disable}, {@code expiry_notice}.
     */
    public static final String AUTOMATIC_ACTIONS = "keycloak.api.key.automatic.actions";
    /** Counter, tag {@code result}: e-mails about keys {@code sent} or {@code failed} (per recipient). */
    public static final String NOTICE_EMAILS = "keycloak.api.key.notice.emails";
    /** Gauge: phantom tokens this node keeps for the check endpoint. */
    public static final String PHANTOM_TOKENS = "keycloak.api.key.phantom.tokens";
    /** Function counter: uses not counted for usage because the in-memory bound was reached. */
    public static final String USAGE_DROPPED = "keycloak.api.key.usage.dropped";

    private final MeterRegistry registry;
    private final Map<String, Map<String, Counter>> uses = new ConcurrentHashMap<>();
    private final Map<String, Timer> flushes = new ConcurrentHashMap<>();
    private final Map<String, Counter> leaks = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    /** Every meter this node registered, so that {@link #close()} can take them out of the global registry again. */
    private final Queue<Meter> registered = new ConcurrentLinkedQueue<>();

    public ApiKeyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts a verification of a presented key: {@code outcome} is {@code accepted}, {@code rate_limited} or a reason. */
    public void use(String realmName, String outcome) {
        uses.computeIfAbsent(realmName, realm -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> keep(Counter.builder(USES).description("API key uses by outcome")
                        .tags("realm", realmName, "outcome", o).register(registry)))
                .increment();
    }

    /** Counts a key reported as leaked. */
    public void leak(String realmName, String source, String action) {
        leaks.computeIfAbsent(realmName + "\n" + source + "\n" + action, k -> keep(Counter.builder(LEAKS)
                .description("API keys reported as leaked")
                .tags("realm", realmName, "source", source, "action", action).register(registry))).increment();
    }

    /** Counts an action taken on a key with nobody acting. */
    public void automaticAction(String realmName, String action) {
        count(AUTOMATIC_ACTIONS, "API key actions taken automatically", "realm", realmName, "action", action);
    }

    /** Counts an e-mail about a key, {@code sent} or {@code failed}. */
    public void noticeEmail(String result) {
        count(NOTICE_EMAILS, "E-mails about API keys", "result", result);
    }

    private void count(String name, String description, String... tags) {
        counters.computeIfAbsent(name + "\n" + String.join("\n", tags), k -> keep(Counter.builder(name)
                .description(description).tags(tags).register(registry))).increment();
    }

    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        keep(Gauge.builder(name, value).description(description).tags(tags).strongReference(true).register(registry));
    }

    public <T> void functionCounter(String name, String description, T source, ToDoubleFunction<T> count,
                                    String... tags) {
        keep(FunctionCounter.builder(name, source, count).description(description).tags(tags).register(registry));
    }

    /** Runs a flush of the write-behind {@code kind} and records its duration. */
    public void timeFlush(String kind, Runnable flush) {
        flushes.computeIfAbsent(kind, k -> keep(Timer.builder(FLUSH).description("API key write-behind flushes")
                .tags("kind", k).register(registry))).record(flush);
    }

    /**
     * Removes this node's meters from the registry: the global registry outlives a provider factory (a reload in
     * tests, a server restart in the same JVM), and its gauges hold strong references to the factory's state.
     */
    public void close() {
        for (Meter meter; (meter = registered.poll()) != null; ) {
            registry.remove(meter);
        }
        uses.clear();
        flushes.clear();
        leaks.clear();
        counters.clear();
    }

    private <M extends Meter> M keep(M meter) {
        registered.add(meter);
        return meter;
    }
}
