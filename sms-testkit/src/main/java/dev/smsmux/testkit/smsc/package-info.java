/** {@link dev.smsmux.testkit.smsc.SmscFake}: SMSC's HTTP API, in every response format and charset. */
@NullMarked
package dev.smsmux.testkit.smsc;

import org.jspecify.annotations.NullMarked;
