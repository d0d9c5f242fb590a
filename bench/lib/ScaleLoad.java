import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load of bench/run --scale: CONNECTIONS threads, each alternating an unknown key and a cache miss (a stored key
 * used for the first time) on the gateway check endpoint, for SECONDS. Writes one line per request:
 * start (epoch ms), latency (us), kind (u = unknown, m = miss), HTTP status. A request-level log, unlike wrk's
 * summary, lets the report split the same run into "during a refresh", "during Clear realm cache" and "outside".
 *
 *   java ScaleLoad.java CHECK_URL UNKNOWN_KEYS_FILE MISS_KEYS_FILE CONNECTIONS SECONDS OUT_FILE
 */
public final class ScaleLoad {

    record Sample(long startMillis, long micros, char kind, int status) {
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        List<String> unknown = Files.readAllLines(Path.of(args[1]));
        List<String> misses = Files.readAllLines(Path.of(args[2]));
        int connections = Integer.parseInt(args[3]);
        long endNanos = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[4])).toNanos();
        AtomicInteger nextUnknown = new AtomicInteger();
        AtomicInteger nextMiss = new AtomicInteger();
        List<List<Sample>> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            List<Sample> samples = new ArrayList<>();
            perThread.add(samples);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            threads.add(Thread.ofPlatform().start(() -> {
                for (long i = 0; System.nanoTime() < endNanos; i++) {
                    boolean miss = i % 2 == 1;
                    String key;
                    if (miss) {
                        int n = nextMiss.getAndIncrement();
                        if (n >= misses.size()) {
                            miss = false;
                            key = unknown.get(Math.floorMod(nextUnknown.getAndIncrement(), unknown.size()));
                        } else {
                            key = misses.get(n);
                        }
                    } else {
                        key = unknown.get(Math.floorMod(nextUnknown.getAndIncrement(), unknown.size()));
                    }
                    samples.add(send(client, url, key, miss ? 'm' : 'u'));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[5])))) {
            for (List<Sample> samples : perThread) {
                for (Sample s : samples) {
                    out.printf("%d\t%d\t%c\t%d%n", s.startMillis(), s.micros(), s.kind(), s.status());
                }
            }
        }
        if (nextMiss.get() > misses.size()) {
            System.err.println("note: the stored keys for cache misses ran out; later requests were unknown keys");
        }
    }

    private static Sample send(HttpClient client, URI url, String key, char kind) {
        HttpRequest request = HttpRequest.newBuilder(url).header("X-API-Key", key).timeout(Duration.ofSeconds(30))
                .GET().build();
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        int status;
        try {
            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 0;
        }
        return new Sample(startMillis, (System.nanoTime() - start) / 1000, kind, status);
    }
}
