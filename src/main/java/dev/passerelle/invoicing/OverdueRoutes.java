package dev.passerelle.invoicing;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Finds invoices past their due date. A Quartz job on the clustered JDBC store, so it fires
 * once per cluster; each invoice turns overdue (and emits {@code document.overdue}) once.
 */
@Component
class OverdueRoutes extends RouteBuilder {

    private static final int BATCH = 500;

    private final Documents documents;
    private final String cron;

    OverdueRoutes(Documents documents, @Value("${passerelle.documents.overdue-cron:0 5 * * * ?}") String cron) {
        this.documents = documents;
        this.cron = cron;
    }

    @Override
    public void configure() {
        from("quartz://passerelle/documents-overdue?cron=" + cron.replace(' ', '+'))
                .routeId("documents-overdue")
                .process(exchange -> exchange.getMessage().setBody(markOverdue()));
    }

    int markOverdue() {
        int marked = 0;
        for (var candidates = documents.overdueCandidates(BATCH); !candidates.isEmpty();
             candidates = documents.overdueCandidates(BATCH)) {
            int before = marked;
            for (var id : candidates) {
                if (documents.markOverdue(id)) {
                    marked++;
                }
            }
            if (marked == before) {
                return marked;
            }
        }
        return marked;
    }
}
