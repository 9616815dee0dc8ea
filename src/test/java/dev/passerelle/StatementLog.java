package dev.passerelle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * Records the statements run on the server's database while a test asks it to: each with its SQL,
 * its parameters and the thread that ran it, so a test can count how often a path reads a row.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StatementLog {

    /** One statement run: its SQL, its parameters (all batches' together) and its thread. */
    public record Statement(String sql, List<Object> parameters, String thread) {

        public boolean binds(Object value) {
            return parameters.stream().anyMatch(p -> String.valueOf(p).equals(String.valueOf(value)));
        }
    }

    private static volatile boolean recording;
    private static final ConcurrentLinkedQueue<Statement> RECORDED = new ConcurrentLinkedQueue<>();

    /** Starts a fresh recording. */
    public static void start() {
        RECORDED.clear();
        recording = true;
    }

    /** Stops recording and returns what was recorded. */
    public static List<Statement> stop() {
        recording = false;
        return List.copyOf(RECORDED);
    }

    @Bean
    static BeanPostProcessor recordStatements() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof DataSource ds && !(bean instanceof net.ttddyy.dsproxy.support.ProxyDataSource)) {
                    return ProxyDataSourceBuilder.create(ds).name(name).listener(new Listener()).build();
                }
                return bean;
            }
        };
    }

    private static final class Listener implements QueryExecutionListener {

        @Override
        public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        }

        @Override
        // Called on the thread that ran the statement.
        public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queries) {
            if (!recording) {
                return;
            }
            for (QueryInfo q : queries) {
                List<Object> parameters = new ArrayList<>();
                q.getParametersList().forEach(set -> set.forEach(p -> parameters.add(p.getArgs().length > 1 ? p.getArgs()[1] : null)));
                RECORDED.add(new Statement(q.getQuery(), parameters, Thread.currentThread().getName()));
            }
        }
    }
}
