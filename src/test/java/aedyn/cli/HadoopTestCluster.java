package aedyn.cli;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Hadoop's own test clusters in this JVM, on 127.0.0.1 and free ports: a MiniDFSCluster (one NameNode, one
 * DataNode) and, when asked, a MiniYARNCluster (a ResourceManager and one NodeManager, whose containers are child
 * processes of this JVM). {@link #confDir()} holds core-site.xml, hdfs-site.xml and yarn-site.xml, the
 * HADOOP_CONF_DIR through which spark-submit and its drivers find them, as on a real cluster's edge node.
 */
final class HadoopTestCluster implements AutoCloseable {
    private final MiniDFSCluster dfs;
    private final MiniYARNCluster yarn;
    private final Path confDir;

    private HadoopTestCluster(MiniDFSCluster dfs, MiniYARNCluster yarn, Path confDir) {
        this.dfs = dfs;
        this.yarn = yarn;
        this.confDir = confDir;
    }

    /** Starts HDFS (and YARN with {@code withYarn}) with its files under {@code dir}. */
    static HadoopTestCluster start(Path dir, String name, boolean withYarn) throws Exception {
        Configuration conf = new Configuration();
        conf.setInt("dfs.replication", 1);
        // MiniDFSCluster binds its NameNode and DataNode to 127.0.0.1; the NameNode's web UI too.
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf, dir.resolve("dfs").toFile()).numDataNodes(1).build();
        MiniYARNCluster yarn = null;
        try {
            dfs.waitActive();
            URI fs = dfs.getURI();
            Path confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
            Configuration core = new Configuration(false);
            core.set("fs.defaultFS", fs.toString());
            write(core, confDir.resolve("core-site.xml"));
            Configuration hdfs = new Configuration(false);
            hdfs.setInt("dfs.replication", 1);
            write(hdfs, confDir.resolve("hdfs-site.xml"));
            if (withYarn) {
                // MiniYARNCluster keeps its folders (and the containers' logs) under test.build.data.
                System.setProperty("test.build.data", Files.createDirectories(dir.resolve("yarn")).toString());
                yarn = startYarn(name, fs);
                Configuration site = new Configuration(false);
                for (var e : yarn.getConfig()) {
                    if (e.getKey().startsWith("yarn.")) site.set(e.getKey(), e.getValue());
                }
                write(site, confDir.resolve("yarn-site.xml"));
            }
            return new HadoopTestCluster(dfs, yarn, confDir);
        } catch (Exception | Error e) {
            if (yarn != null) yarn.stop();
            dfs.shutdown(true);
            throw e;
        }
    }

    private static MiniYARNCluster startYarn(String name, URI fs) throws Exception {
        YarnConfiguration conf = new YarnConfiguration();
        conf.set("fs.defaultFS", fs.toString());
        // The minicluster's jar has no capacity-scheduler.xml: one queue, as Spark's own YARN tests set it up.
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        conf.set("yarn.resourcemanager.hostname", "127.0.0.1");
        conf.setInt("yarn.scheduler.minimum-allocation-mb", 256);
        conf.setInt("yarn.nodemanager.resource.memory-mb", 4096);
        conf.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
        // A JVM's virtual memory is many times its heap; the containers' memory is what their -Xmx says.
        conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
        conf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
        conf.setFloat("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", 100f);
        MiniYARNCluster yarn = new MiniYARNCluster(name, 1, 1, 1);
        yarn.init(conf);
        yarn.start();
        // start() may return before the ResourceManager has put its port into the configuration.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
            if (System.nanoTime() > deadline) {
                yarn.stop();
                throw new IllegalStateException("the ResourceManager published no address within 30 s");
            }
            Thread.sleep(100);
        }
        return yarn;
    }

    private static void write(Configuration conf, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            conf.writeXml(out);
        }
    }

    /** hdfs://127.0.0.1:PORT */
    URI hdfs() {
        return dfs.getURI();
    }

    FileSystem fileSystem() throws IOException {
        return dfs.getFileSystem();
    }

    Path confDir() {
        return confDir;
    }

    @Override
    public void close() {
        try {
            if (yarn != null) yarn.stop();
        } finally {
            dfs.shutdown(true);
        }
    }
}
