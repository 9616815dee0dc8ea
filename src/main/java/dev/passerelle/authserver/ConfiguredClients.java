package dev.passerelle.authserver;

import java.util.Map;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The clients configuration names (none, or Zapier's). Spring's in-memory repository refuses to be
 * empty, and an instance without a configured client must still start (every request then fails as
 * for an unknown client).
 */
final class ConfiguredClients implements RegisteredClientRepository {

    private final Map<String, RegisteredClient> byId;

    ConfiguredClients(Map<String, RegisteredClient> byId) {
        this.byId = Map.copyOf(byId);
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("clients come from configuration (passerelle.oauth.*)");
    }

    @Override
    public RegisteredClient findById(String id) {
        return byId.get(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return byId.values().stream().filter(c -> c.getClientId().equals(clientId)).findFirst().orElse(null);
    }
}
