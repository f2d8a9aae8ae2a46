/**
 * What every HTTP provider shares. {@link dev.smsmux.http.GatewayHttp} is one gateway's Jersey client:
 * finite timeouts, no silent POST retries, a response-size cap, every {@code Response} closed, bodies read
 * as bytes so providers can decode them by the vendor's charset and keep the raw text for errors, and
 * transport failures classified into {@link dev.smsmux.model.Outcome}s. Logs never hold a secret.
 */
@NullMarked
package dev.smsmux.http;

import org.jspecify.annotations.NullMarked;
