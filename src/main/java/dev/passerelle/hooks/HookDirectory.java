package dev.passerelle.hooks;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;

/** What other features may know about a tenant's hooks: their names. */
@Service
public class HookDirectory {

    private final Hooks hooks;

    HookDirectory(Hooks hooks) {
        this.hooks = hooks;
    }

    /** The names of the tenant's active hooks. */
    public List<String> names(UUID tenantId) {
        return hooks.list(tenantId).stream().map(InboundHook::name).toList();
    }
}
