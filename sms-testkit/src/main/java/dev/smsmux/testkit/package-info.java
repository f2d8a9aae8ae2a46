/**
 * The smsmux test kit, modelled on OkHttp's MockWebServer: fake gateways with a domain API
 * ({@code deliver(id)}, {@code failNext(...)}, {@code takeRequest()}), the {@code memory} provider for unit
 * tests, and {@code SmsProviderContract} (in sms-testkit-junit), which every provider passes.
 */
@NullMarked
package dev.smsmux.testkit;

import org.jspecify.annotations.NullMarked;
