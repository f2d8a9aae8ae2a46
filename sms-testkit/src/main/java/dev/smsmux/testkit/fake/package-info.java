/**
 * What every fake gateway shares: a WireMock server whose answers come from the fake's own state (a
 * {@code ResponseDefinitionTransformerV2} registered explicitly, never by classpath scanning), scripted
 * failures, and recorded requests.
 */
@NullMarked
package dev.smsmux.testkit.fake;

import org.jspecify.annotations.NullMarked;
