package io.apikeys.keycloak.it.harness;

import java.nio.file.Files;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Keycloak nodes on this machine sharing one fresh PostgreSQL database, clustered by Keycloak's own
 * Infinispan with the default {@code jdbc-ping} discovery. Each node has its own copy of the distribution and
 * its own HTTP, management and JGroups ports.
 */
public final class TestCluster implements AutoCloseable {

    private final String databaseName;
    private final List<KeycloakNode> nodes;

    private TestCluster(String databaseName, List<KeycloakNode> nodes) {
        this.databaseName = databaseName;
        this.nodes = nodes;
    }

    /**
     * {@code size} nodes of one Infinispan cluster on one PostgreSQL database; the last node also gets
     * {@code lastNodeOptions}.
     */
    public static TestCluster start(int size, String... lastNodeOptions) {
        return start(size, List.of("--cache-embedded-network-bind-address=127.0.0.1"), true, List.of(lastNodeOptions));
    }

    /**
     * {@code size} nodes that share only a PostgreSQL database (each with {@code --cache=local}, as nodes behind one
     * load balancer without a cluster), with {@code options} added to each node's start.
     */
    public static TestCluster startSharingOnlyTheDatabase(int size, List<String> options) {
        List<String> all = new ArrayList<>(options);
        all.add("--cache=local");
        return start(size, all, false, List.of());
    }

    private static TestCluster start(int size, List<String> nodeOptions, boolean clustered,
                                     List<String> lastNodeOptions) {
        TestSettings settings = TestSettings.fromSystemProperties();
        String databaseName = "apikeys_cluster_" + Long.toString(System.currentTimeMillis(), 36);
        TestDatabase.POSTGRES.create(databaseName);
        List<KeycloakNode> nodes = new ArrayList<>();
        TestCluster cluster = new TestCluster(databaseName, nodes);
        try {
            // One kc.sh build for all nodes: the others start from copies of the first node's built home.
            ServerHome built = ServerHome.prepare(settings.distribution(), settings.providers(),
                    settings.realmExports(), settings.workDir().resolve("cluster/node-a"),
                    List.of(TestDatabase.POSTGRES.buildOption(), "--health-enabled=true"),
                    settings.workDir().resolve("cluster/node-a.log"));
            List<ServerHome> homes = new ArrayList<>(List.of(built));
            for (int i = 1; i < size; i++) {
                homes.add(built.copyTo(settings.workDir().resolve("cluster/node-" + (char) ('a' + i))));
            }
            for (int i = 0; i < size; i++) {
                String name = "node-" + (char) ('a' + i);
                ServerHome home = homes.get(i);
                List<String> options = new ArrayList<>(KeycloakBackend.TEST_OPTIONS);
                options.addAll(TestDatabase.POSTGRES.startOptions(databaseName));
                options.addAll(nodeOptions);
                if (i == size - 1) {
                    options.addAll(lastNodeOptions);
                }
                if (clustered) {
                    options.add("--cache-embedded-network-bind-port=" + Ports.free());
                }
                KeycloakNode node = new KeycloakNode(home, options, Map.of(
                        "KC_BOOTSTRAP_ADMIN_USERNAME", TestServer.ADMIN,
                        "KC_BOOTSTRAP_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD),
                        settings.workDir().resolve("cluster/" + name + ".log"));
                nodes.add(node);
                node.start();
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public KeycloakNode node(int index) {
        return nodes.get(index);
    }

    /**
     * Fails if a full key any test saw is in a node's log or in the cluster's database; called before the database
     * is dropped, as NoKeyLeaksIT does for the shared server.
     */
    public void assertNoIssuedKeyLeaked() throws Exception {
        StringBuilder everything = new StringBuilder();
        for (KeycloakNode node : nodes) {
            everything.append(Files.readString(node.log())).append('\n');
        }
        try (Connection connection = TestDatabase.POSTGRES.connect(databaseName)) {
            everything.append(DatabaseText.of(connection));
        }
        List<String> keys = IssuedKeys.all();
        assertThat(keys).isNotEmpty();
        assertThat(keys).allSatisfy(key -> assertThat(everything).doesNotContain(key));
    }

    @Override
    public void close() {
        nodes.forEach(KeycloakNode::stop);
        TestDatabase.POSTGRES.drop(databaseName);
    }
}
