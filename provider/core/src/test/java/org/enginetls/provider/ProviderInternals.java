package org.enginetls.provider;

import org.enginetls.provider.impl.ProviderCore;

/**
 * The core under a provider, for this module's tests that look at or change what the front door does not show
 * (registry settings, statistics, the router). It lives in the provider's package because {@code core()} is not
 * public: nothing outside this module reaches it.
 */
public final class ProviderInternals {

    private ProviderInternals() {
    }

    public static ProviderCore core(EngineTlsProvider provider) {
        return provider.core();
    }
}
